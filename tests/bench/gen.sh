#!/bin/sh
# gen.sh N — the benchmark's data: N flyer records as CSV on standard output,
# the same every time (no randomness). Each record has a bold Latin title, an
# Arabic subtitle, a date and time, a venue line, a ~60-word body and a
# unique URL, like a city-wide campaign with one flyer per neighbourhood:
# titles, subtitles and bodies repeat across records, venues and dates vary,
# every URL is different. No field holds a comma or a quote, so the baseline
# program (baseline.c) can split lines on commas.
n=${1:?usage: gen.sh N}
awk -v n="$n" 'BEGIN {
	t[0] = "Rent Strike Assembly"; t[1] = "Homes for All"; t[2] = "Stop the Evictions"
	t[3] = "Neighbourhood Kitchen"; t[4] = "Tenants Night School"; t[5] = "Public Housing Now"
	t[6] = "March for Clean Air"
	s[0] = "السكن حق للجميع"; s[1] = "لا للإخلاء"; s[2] = "جمعية المستأجرين"
	s[3] = "مطبخ الحي للجميع"; s[4] = "هواء نظيف لأطفالنا"
	b[0] = "Rents have doubled in ten years while wages stood still. Landlords buy whole blocks and empty them to sell flats one by one. We meet to share what works: rent strikes that held together and court cases won. Bring your neighbours and your questions. Childcare and food are provided and the hall has step-free access. Everyone is welcome whatever their papers."
	b[1] = "Every week another family on our street gets a letter telling them to leave. Alone we are easy to move; together we are a wall. Come to learn your rights and meet the people in your building who already organise. Lawyers from the tenants union answer questions after the talks and translation into Arabic and Turkish is arranged for everyone."
	b[2] = "The council promised new public housing three years ago and not one flat has been built. We will walk from the square to the town hall and hand over ten thousand signatures. Wear something red and bring a pot or a whistle. The route is short and accessible and stewards will be there to help anyone who needs a rest on the way."
	v[0] = "Community Hall"; v[1] = "Old Library"; v[2] = "Park Pavilion"; v[3] = "Market Square"
	v[4] = "Union House"; v[5] = "School Courtyard"; v[6] = "Church Basement"; v[7] = "Youth Centre"
	c[0] = "Kreuzberg"; c[1] = "Neukölln"; c[2] = "Wedding"; c[3] = "Moabit"; c[4] = "Friedrichshain"
	c[5] = "Schöneberg"; c[6] = "Lichtenberg"; c[7] = "Marzahn"; c[8] = "Spandau"; c[9] = "Pankow"
	c[10] = "Tempelhof"
	print "lang,title,subtitle,date,time,venue,city,body,url"
	for (i = 1; i <= n; i++) {
		day = 1 + (i * 7) % 28; month = 1 + int(i / 28) % 12
		hour = 10 + (i * 3) % 10
		printf "en,%s,%s,2026-%02d-%02d,%02d:%s,%s,%s,%s,https://example.org/e/%05d-%x\n",
			t[i % 7], s[i % 5], month, day, hour, (i % 2 ? "00" : "30"),
			v[i % 8], c[i % 11], b[i % 3], i, (i * 2654435761) % 4294967296
	}
}'

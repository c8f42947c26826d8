#!/bin/sh
# gen.sh N [corpus] — the benchmark's data: N records as CSV on standard
# output, the same every time (no randomness). No field holds a comma or a
# quote, so the baseline program (baseline.c) can split lines on commas.
#
# Without a second argument: the same-work job (flyer-bench.yaml). Each
# record has a bold Latin title, an Arabic subtitle, a date and time, a
# venue line, a ~60-word body and a unique URL, like a city-wide campaign
# with one flyer per neighbourhood: titles, subtitles and bodies repeat
# across records, venues and dates vary, every URL is different.
#
# With `corpus`: records shaped like ../shared/corpus/ (what organisers
# bring, for the built-in layouts): the same nine columns first, then
# organizer, hashtags (three, space-separated), second_lang and title@ar.
# The URLs are those of event platforms and social networks, 40–90
# characters with query strings and %-escapes (Eventbrite, Facebook, Action
# Network, WhatsApp, Zoom, a campaign site), each unique, so the label under
# each code is the shortened form a person would type.
n=${1:?usage: gen.sh N [corpus]}
awk -v n="$n" -v corpus="${2:-}" 'BEGIN {
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
	# corpus-shaped columns
	o[0] = "Tenants Union Berlin"; o[1] = "Palestinian Prisoner Solidarity Network"
	o[2] = "Kiezversammlung Neukölln"; o[3] = "Collectif Palestine Vaincra"; o[4] = "Clean Air Coalition"
	h[0] = "#HomesForAll #RentStrike #StopEvictions"
	h[1] = "#SaveSheikhJarrah #WeekOfStruggle #FreeThePrisoners"
	h[2] = "#Mietenstreik #Enteignen #KiezSolidarität"
	h[3] = "#CleanAir #KidsNeedAir #CarFreeStreets"
	ta[0] = "جمعية إضراب الإيجار"; ta[1] = "بيوت للجميع"; ta[2] = "أوقفوا الإخلاء"; ta[3] = "مطبخ الحي"
	ta[4] = "مدرسة المستأجرين الليلية"; ta[5] = "سكن عام الآن"; ta[6] = "مسيرة من أجل هواء نظيف"
	slug[0] = "rent-strike-assembly"; slug[1] = "homes-for-all"; slug[2] = "stop-the-evictions"
	slug[3] = "neighbourhood-kitchen"; slug[4] = "tenants-night-school"; slug[5] = "public-housing-now"
	slug[6] = "march-for-clean-air"
	if (corpus != "" && corpus != "corpus") {
		print "gen.sh: the second argument is corpus or nothing" > "/dev/stderr"
		exit 2
	}
	if (corpus == "")
		print "lang,title,subtitle,date,time,venue,city,body,url"
	else
		print "lang,title,subtitle,date,time,venue,city,body,url,organizer,hashtags,second_lang,title@ar"
	for (i = 1; i <= n; i++) {
		day = 1 + (i * 7) % 28; month = 1 + int(i / 28) % 12
		hour = 10 + (i * 3) % 10
		x = (i * 2654435761) % 4294967296
		if (corpus == "")
			url = sprintf("https://example.org/e/%05d-%x", i, x)
		else if (i % 6 == 0)
			url = sprintf("https://www.eventbrite.de/e/%s-tickets-%.0f?aff=erelexpmlt", slug[i % 7], 154873920113 + i)
		else if (i % 6 == 1)
			url = sprintf("https://www.facebook.com/events/%.0f/?acontext=%%7B%%22ref%%22%%3A%d%%7D", 812093476210035 + i, i % 97)
		else if (i % 6 == 2)
			url = sprintf("https://actionnetwork.org/events/%s-%05d?source=direct_link&", slug[i % 7], i)
		else if (i % 6 == 3)
			url = sprintf("https://wa.me/3246690%04d?text=Hallo%%2C%%20ich%%20komme%%20mit", i % 10000)
		else if (i % 6 == 4)
			url = sprintf("https://us02web.zoom.us/webinar/register/WN_%x?pwd=%05d", x, i)
		else
			url = sprintf("https://solidarity.example.net/e/%05d-%s?utm_source=flyer", i, slug[i % 7])
		printf "en,%s,%s,2026-%02d-%02d,%02d:%s,%s,%s,%s,%s",
			t[i % 7], s[i % 5], month, day, hour, (i % 2 ? "00" : "30"),
			v[i % 8], c[i % 11], b[i % 3], url
		if (corpus != "")
			printf ",%s,%s,ar,%s", o[i % 5], h[i % 4], ta[i % 7]
		printf "\n"
	}
}'

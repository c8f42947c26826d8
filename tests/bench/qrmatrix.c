/* qrmatrix.c — the Typst bench's QR codes (make bench, when Typst is
 * installed): Typst has no QR encoder of its own, so each record's code is
 * encoded here with libqrencode, before the timed Typst run, the same way
 * baseline.c encodes it (EC level M, 8-bit mode, smallest version). Reads
 * gen.sh's CSV and prints one line per record: the module rows as 0 and 1
 * (1 = dark), rows separated by spaces, no quiet zone. tests/bench/flyer.typ
 * reads these lines.
 *
 *   qrmatrix DATA.csv > QR.txt */
#define _DEFAULT_SOURCE
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	FILE *in;
	char *line = NULL;
	size_t cap = 0;
	long n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: qrmatrix DATA.csv > QR.txt\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	if (getline(&line, &cap, in) < 0) /* header */
		return 1;
	while (getline(&line, &cap, in) > 0) {
		char *url;
		QRcode *c;

		line[strcspn(line, "\r\n")] = '\0';
		url = strrchr(line, ','); /* the URL is the last field */
		if (!url)
			continue;
		c = QRcode_encodeString(url + 1, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
		if (!c) {
			fprintf(stderr, "qrmatrix: cannot encode %s\n", url + 1);
			return 1;
		}
		for (int r = 0; r < c->width; r++) {
			for (int i = 0; i < c->width; i++)
				putchar(c->data[r * c->width + i] & 1 ? '1' : '0');
			putchar(r + 1 < c->width ? ' ' : '\n');
		}
		QRcode_free(c);
		n++;
	}
	free(line);
	fclose(in);
	return n ? 0 : 1;
}

#!/usr/bin/env bash
# Rebuilds the four PDFs in testdata/pdfs that are derived from real files (see testdata/pdfs/LICENSES.md):
#   gen_cjk_fake_bold.pdf   pdf.js test/pdfs/issue15340.pdf with every text-showing operation drawn a second time 0.43 pt
#                           to the right ("fake bold", as some Japanese producers do), so naive extraction doubles the text
#   usgov_GSA2022_p3.pdf    page 3 of the shared set's usgov_GSA2022.pdf, whose words are separated by position, not spaces
#   ntsb_p1_turned.pdf      page 1 of ntsb_20080108X00031.pdf (a logo beside text) with /Rotate 90 and a crop box away from the
#                           media box's origin, so figure and word boxes are checked in a turned, cropped frame
#   gen_scanned_turned.pdf  page 2 of gen_scanned.pdf (a full-page scan) with /Rotate 90 and a crop box cutting 20 pt at the left and
#                           10 pt at the bottom: the scan still covers the whole page as shown
# Needs qpdf (with fix-qdf) and perl. The outputs are committed: tests never run this script.
#
# usage: make-derived-pdfs.sh PDFJS_REPO [SHARED_TESTDATA]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
pdfjs=$1
shared="${2:-$repo/../shared/testdata}"
out="$repo/testdata/pdfs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git -C "$pdfjs" show 0f26334f9d6f96119f6e5164fb65832fbbde7344:test/pdfs/issue15340.pdf > "$work/issue15340.pdf"
qpdf --qdf --object-streams=disable "$work/issue15340.pdf" "$work/qdf.pdf"
# Each "<hex> Tj" becomes "<hex> Tj 0.02 0 Td <hex> Tj": Td restarts the line 0.02 text units (0.43 pt at 21.66 pt) to the right.
perl -0pe 's/(<[0-9a-f]+>)(\s*)Tj/$1$2Tj 0.02 0 Td $1 Tj/g' "$work/qdf.pdf" > "$work/bold.qdf.pdf"
fix-qdf < "$work/bold.qdf.pdf" > "$work/bold.pdf"
qpdf --object-streams=generate --compress-streams=y "$work/bold.pdf" "$out/gen_cjk_fake_bold.pdf"

qpdf --empty --pages "$shared/pdf/usgov_GSA2022.pdf" 3 -- "$out/usgov_GSA2022_p3.pdf"

qpdf --empty --pages "$out/ntsb_20080108X00031.pdf" 1 -- "$work/ntsb_p1.pdf"
qpdf --qdf --object-streams=disable "$work/ntsb_p1.pdf" "$work/ntsb_p1.qdf.pdf"
perl -0pe 's{(%% Page 1\n%% Original object ID: \d+ 0\n\d+ 0 obj\n<<\n)}{$1  /CropBox [40 20 580 770]\n  /Rotate 90\n}' "$work/ntsb_p1.qdf.pdf" > "$work/turned.qdf.pdf"
fix-qdf < "$work/turned.qdf.pdf" > "$work/turned.pdf"
qpdf --object-streams=generate --compress-streams=y "$work/turned.pdf" "$out/ntsb_p1_turned.pdf"

qpdf --empty --pages "$out/gen_scanned.pdf" 2 -- "$work/scan_p2.pdf"
qpdf --qdf --object-streams=disable "$work/scan_p2.pdf" "$work/scan_p2.qdf.pdf"
perl -0pe 's{(%% Page 1\n%% Original object ID: \d+ 0\n\d+ 0 obj\n<<\n)}{$1  /CropBox [20 10 230.4 172.8]\n  /Rotate 90\n}' "$work/scan_p2.qdf.pdf" > "$work/scan_turned.qdf.pdf"
fix-qdf < "$work/scan_turned.qdf.pdf" > "$work/scan_turned.pdf"
qpdf --object-streams=generate --compress-streams=y "$work/scan_turned.pdf" "$out/gen_scanned_turned.pdf"

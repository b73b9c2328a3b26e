#!/usr/bin/env bash
# Rebuilds the two PDFs in testdata/pdfs that are derived from real files (see testdata/pdfs/LICENSES.md):
#   gen_cjk_fake_bold.pdf   pdf.js test/pdfs/issue15340.pdf with every text-showing operation drawn a second time 0.43 pt
#                           to the right ("fake bold", as some Japanese producers do), so naive extraction doubles the text
#   usgov_GSA2022_p3.pdf    page 3 of the shared set's usgov_GSA2022.pdf, whose words are separated by position, not spaces
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

#!/usr/bin/env bash
# Regenerates the synthetic PDFs in testdata/pdfs (see testdata/pdfs/LICENSES.md).
# Needs the .NET SDK, qpdf, and the OCR dev-set images (default: shared/testdata/ocr beside the repository).
# The outputs are committed: tests never run this script.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
images="${1:-$repo/../shared/testdata/ocr}"
out="$repo/testdata/pdfs"

dotnet run "$here/GenerateTestPdfs.cs" -- "$out" "$images" "$out/ocrmypdf_kcs.pdf"
# Filled form fields and annotations, written object by object.
dotnet run "$here/GenerateFormPdf.cs" -- "$out"

# AES-256 (revision 6). The user password is the SASLprep form of "SªSL<soft hyphen>prep".
qpdf --encrypt SaSLprep owner-aes 256 -- "$out/gen_born_digital.pdf" "$out/gen_born_digital_aes256.pdf"
# RC4 40-bit (revision 2).
qpdf --allow-weak-crypto --encrypt user-rc4 owner-rc4 40 -- "$out/gen_born_digital.pdf" "$out/gen_born_digital_rc4.pdf"
cp "$out/gen_born_digital.gt.txt" "$out/gen_born_digital_aes256.gt.txt"
cp "$out/gen_born_digital.gt.txt" "$out/gen_born_digital_rc4.gt.txt"

// Generates testdata/pdfs/gen_form.pdf: a hand-written filled AcroForm with the cases the real fixtures lack
// (French values as UTF-16BE, PDFDocEncoding literal and hexadecimal strings; a field shown by two widgets without /P;
// password, hidden, empty and push-button fields; radio /Opt; a sticky note; a rotated page with an offset crop box;
// a widget whose /Parent is itself and an annotation without /Subtype).
// Run through generate-test-pdfs.sh. Usage: dotnet run GenerateFormPdf.cs -- <output folder>
#:property PublishAot=false

using System.Globalization;
using System.Text;

string output = args[0];
Directory.CreateDirectory(output);

var objects = new SortedDictionary<int, byte[]>();
void Obj(int number, string body) => objects[number] = Encoding.Latin1.GetBytes(body);
void Stream(int number, string dictionary, string data) =>
    objects[number] = Encoding.Latin1.GetBytes($"<< {dictionary} /Length {Encoding.Latin1.GetByteCount(data)} >>\nstream\n{data}\nendstream");
static string Utf16Hex(string text) => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)) + ">";

// Page 1: labels drawn in the content stream, values only in the fields (NeedAppearances asks viewers to draw them).
string[] labels =
[
    "Formulaire de demande",
    "Nom du demandeur :",
    "Ville :",
    "Remarque :",
    "Commentaire :",
    "Adresse :",
];
var content = new StringBuilder("BT /F1 16 Tf 72 780 Td (" + labels[0] + ") Tj ET\n");
double[] labelYs = [740, 710, 680, 650, 620];
for (int i = 1; i < labels.Length; i++)
{
    content.Append(CultureInfo.InvariantCulture, $"BT /F1 11 Tf 72 {labelYs[i - 1]} Td ({labels[i]}) Tj ET\n");
}

Obj(1, "<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R >>");
Obj(2, "<< /Type /Pages /Kids [10 0 R 11 0 R 12 0 R] /Count 3 >>");
Obj(3, "<< /Fields [20 0 R 25 0 R 30 0 R 31 0 R 32 0 R 33 0 R 34 0 R 40 0 R 41 0 R 42 0 R 60 0 R 70 0 R] /NeedAppearances true "
    + "/DA (/Helv 10 Tf 0 g) /DR << /Font << /Helv 4 0 R >> >> >>");
Obj(4, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
Obj(10, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 13 0 R "
    + "/Annots [21 0 R 22 0 R 23 0 R 24 0 R 26 0 R 27 0 R 30 0 R 31 0 R 32 0 R 33 0 R 35 0 R 36 0 R 40 0 R 41 0 R 42 0 R 50 0 R 51 0 R 52 0 R] >>");
Stream(13, string.Empty, content.ToString());

// demandeur (no type) > nom, ville, note, commentaire: values in four encodings.
Obj(20, "<< /T (demandeur) /Kids [21 0 R 22 0 R 23 0 R 24 0 R] >>");
Obj(21, $"<< /Type /Annot /Subtype /Widget /Parent 20 0 R /T (nom) /TU (Nom du demandeur) /FT /Tx /F 4 /P 10 0 R /Rect [200 735 500 755] /V {Utf16Hex("Hélène Dupont-Lefèvre")} >>");
Obj(22, "<< /Type /Annot /Subtype /Widget /Parent 20 0 R /T (ville) /FT /Tx /F 4 /P 10 0 R /Rect [200 705 500 725] /V (Saint-\\311tienne \\204 Loire) >>");
Obj(23, "<< /Type /Annot /Subtype /Widget /Parent 20 0 R /T (note) /FT /Tx /F 4 /Rect [200 675 500 695] /V <4E6F EB6C 2084 2066 EA74 65> >>");
Obj(24, "<< /Type /Annot /Subtype /Widget /Parent 20 0 R /T (commentaire) /FT /Tx /Ff 4096 /F 4 /Rect [200 615 500 665] /V (Ligne un\\rLigne deux\\r\\nLigne trois) >>");

// adresse: one field, two widgets (kids without /T and without /P), the second to the left of the first on the same row.
Obj(25, "<< /T (adresse) /FT /Tx /V (12 rue de la Paix) /Kids [26 0 R 27 0 R] >>");
Obj(26, "<< /Type /Annot /Subtype /Widget /Parent 25 0 R /F 4 /Rect [350 590 550 610] >>");
Obj(27, "<< /Type /Annot /Subtype /Widget /Parent 25 0 R /F 4 /Rect [150 591 330 611] >>");

// Nothing to show: password, hidden widget, empty value, push button.
Obj(30, "<< /Type /Annot /Subtype /Widget /T (secret) /FT /Tx /Ff 8192 /F 4 /Rect [200 560 300 575] /V (hunter2) >>");
Obj(31, "<< /Type /Annot /Subtype /Widget /T (cache) /FT /Tx /F 6 /Rect [320 560 420 575] /V (invisible) >>");
Obj(32, "<< /Type /Annot /Subtype /Widget /T (vide) /FT /Tx /F 4 /Rect [440 560 540 575] /V () >>");
Obj(33, "<< /Type /Annot /Subtype /Widget /T (envoyer) /FT /Btn /Ff 65536 /F 4 /Rect [440 40 540 60] /MK << /CA (Envoyer) >> >>");

// Check box on ("Oui"), radio group with /Opt (states are indices), combo box with export/display pairs, multi-select list.
Obj(34, "<< /T (situation) /TU (Situation familiale) /FT /Btn /Ff 49152 /V /1 /Opt [(C\\351libataire) (Divorc\\351\\(e\\))] /Kids [35 0 R 36 0 R] >>");
Obj(35, "<< /Type /Annot /Subtype /Widget /Parent 34 0 R /F 4 /Rect [72 500 84 512] /AS /Off /AP << /N << /0 80 0 R /Off 80 0 R >> >> >>");
Obj(36, "<< /Type /Annot /Subtype /Widget /Parent 34 0 R /F 4 /Rect [200 500 212 512] /AS /1 /AP << /N << /1 80 0 R /Off 80 0 R >> >> >>");
Obj(40, "<< /Type /Annot /Subtype /Widget /T (marie) /TU (Mari\\351\\(e\\)) /FT /Btn /F 4 /Rect [72 530 84 542] /V /Oui /AS /Oui /AP << /N << /Oui 80 0 R /Off 80 0 R >> >> >>");
Obj(41, "<< /Type /Annot /Subtype /Widget /T (pays) /FT /Ch /Ff 131072 /F 4 /Rect [72 460 250 480] /Opt [[(FR) (France)] [(BE) (Belgique)]] /V (BE) >>");
Obj(42, "<< /Type /Annot /Subtype /Widget /T (langues) /FT /Ch /Ff 2097152 /F 4 /Rect [300 420 500 480] /Opt [(fran\\347ais) (anglais) (allemand)] /V [(fran\\347ais) (allemand)] >>");

// A free-text annotation, a sticky note and its popup.
Obj(50, $"<< /Type /Annot /Subtype /FreeText /F 4 /Rect [72 380 300 400] /DA (/Helv 10 Tf 0 g) /Contents {Utf16Hex("Vérifié par le guichet")} >>");
Obj(51, "<< /Type /Annot /Subtype /Text /F 4 /Rect [520 780 540 800] /Contents (\\300 signer avant le 30 juin) /Popup 52 0 R >>");
Obj(52, "<< /Type /Annot /Subtype /Popup /F 0 /Rect [520 650 590 770] /Parent 51 0 R >>");

// Page 2: rotated a quarter turn, crop box not at the origin.
Obj(11, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /CropBox [50 100 550 700] /Rotate 90 /Resources << >> /Annots [60 0 R] >>");
Obj(60, "<< /Type /Annot /Subtype /Widget /T (tourne) /FT /Tx /F 4 /P 11 0 R /Rect [100 200 200 220] /V (Page tourn\\351e) >>");

// Page 3: a widget that is its own parent, then an annotation PdfPig cannot read (no /Subtype), then a field after it.
Obj(12, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Annots [70 0 R 71 0 R 72 0 R] >>");
Obj(70, "<< /Type /Annot /Subtype /Widget /Parent 70 0 R /T (boucle) /FT /Tx /F 4 /Rect [72 700 300 720] /V (Boucle) >>");
Obj(71, "<< /Type /Annot /F 4 /Rect [72 600 300 620] /Contents (Sans sous-type) >>");
Obj(72, "<< /Type /Annot /Subtype /Widget /T (apres) /FT /Tx /F 4 /Rect [72 500 300 520] /V (Apr\\350s) >>");

Stream(80, "/Type /XObject /Subtype /Form /BBox [0 0 12 12]", string.Empty);

var pdf = new MemoryStream();
void Write(string text) => pdf.Write(Encoding.Latin1.GetBytes(text));
Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
var offsets = new SortedDictionary<int, long>();
foreach ((int number, byte[] body) in objects)
{
    offsets[number] = pdf.Position;
    Write($"{number} 0 obj\n");
    pdf.Write(body);
    Write("\nendobj\n");
}

int size = objects.Keys.Max() + 1;
long xref = pdf.Position;
Write($"xref\n0 {size}\n0000000000 65535 f \n");
for (int i = 1; i < size; i++)
{
    Write(offsets.TryGetValue(i, out long offset) ? $"{offset:D10} 00000 n \n" : "0000000000 65535 f \n");
}

Write($"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
File.WriteAllBytes(Path.Combine(output, "gen_form.pdf"), pdf.ToArray());

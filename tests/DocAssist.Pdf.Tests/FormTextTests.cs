using DocAssist.Core.Model;
using DocAssist.Testing;
using UglyToad.PdfPig.Core;
using Page = UglyToad.PdfPig.Content.Page;

namespace DocAssist.Pdf.Tests;

public sealed class FormTextTests
{
    [Fact]
    public void ForPage_RealCheckBoxesAndRadioButtons_GivesOnlyTheOnesThatAreOn()
    {
        // Three check boxes (one checked) and three radio groups (one with a selection) made by Adobe LiveCycle.
        var (page, blocks, warnings) = Read("pdfs/pdfjs_annotation-button-widget.pdf", 1);

        Assert.Empty(warnings);
        Assert.Equal(
            [
                ("formulier1[0].#subform[0].Selectievakje3[0]", "☒ Check box, checked"),
                ("formulier1[0].#subform[0].LijstKeuzerondje[0]", "☒ LijstKeuzerondje: 2"),
            ],
            blocks.Select(b => (b.FieldName, b.Text)));
        Assert.All(blocks, b => Assert.Equal(TextRole.FormField, b.Role));
        Assert.All(blocks, b => AssertInside(page, b.Box));

        // /Rect [20.835 733.496 30.835 743.496] on a 792 pt page: the row of pdftotext's "Check box, checked" (y 46.5–58.5).
        Assert.Equal(new BoundingBox(20, 48, 31, 59), blocks[0].Box);

        // The second radio button of the group (/Rect [182.835 625.496 192.835 635.496]) is the one on.
        Assert.Equal(new BoundingBox(182, 156, 193, 167), blocks[1].Box);
    }

    [Fact]
    public void ForPage_RealChoiceFieldsWithExportAndDisplayPairs_ShowsTheDisplayText()
    {
        // Dropdown12 has /Opt [[(a) (A)] …] /V (a); List Box13 /Opt [[(d) (D)] …] /V (d); the text fields and check boxes are empty.
        var (page, blocks, warnings) = Read("pdfs/pdfjs_resetform.pdf", 1);

        Assert.Empty(warnings);
        Assert.Equal([("Dropdown12", "Dropdown12: A"), ("List Box13", "List Box13: D")], blocks.Select(b => (b.FieldName, b.Text)));

        // pdftotext -bbox draws the combo box's value "A" at x 146.3–154.3, y 101.8–112.9: inside the widget.
        BoundingBox combo = blocks[0].Box!.Value;
        Assert.Equal(new BoundingBox(144, 95, 265, 116), combo);
        Assert.True(combo.Left <= 146 && combo.Top <= 101 && combo.Right >= 155 && combo.Bottom >= 113);
        AssertInside(page, blocks[1].Box);
    }

    [Fact]
    public void ForPage_RealFreeTextAnnotationsFromSixEditors_GivesEachTextInPageOrder()
    {
        var (page, blocks, warnings) = Read("pdfs/pdfjs_freetexts.pdf", 1);

        Assert.Empty(warnings);
        Assert.Equal(
            [
                "Hello World from Acrobat",
                "Hello World From Firefox",
                "Hello World from Preview",
                "Hello World from Edge without Acrobat",
                "Hello World from Foxit",
                "Hello World from Okular",
            ],
            blocks.Select(b => b.Text));
        Assert.All(blocks, b => Assert.Equal(TextRole.Annotation, b.Role));
        Assert.All(blocks, b => Assert.Null(b.FieldName));
        Assert.All(blocks, b => AssertInside(page, b.Box));

        // pdftotext -bbox: "Hello" of the Acrobat note at x 46.5, y 155.2–168.1 and "Acrobat" ending at x 202.9.
        Assert.Equal(new BoundingBox(46, 151, 203, 171), blocks[0].Box);
    }

    [Fact]
    public void ForPage_GeneratedFrenchForm_DecodesEveryStringEncodingAndLabelsEachValue()
    {
        var (page, blocks, warnings) = Read("pdfs/gen_form.pdf", 1);

        Assert.Empty(warnings);
        Assert.Equal(
            [
                (null, TextRole.Annotation, "Note: À signer avant le 30 juin"),
                ("demandeur.nom", TextRole.FormField, "Nom du demandeur: Hélène Dupont-Lefèvre"), // UTF-16BE
                ("demandeur.ville", TextRole.FormField, "ville: Saint-Étienne — Loire"), // PDFDocEncoding literal (0x84 is an em dash)
                ("demandeur.note", TextRole.FormField, "note: Noël — fête"), // PDFDocEncoding hexadecimal string
                ("demandeur.commentaire", TextRole.FormField, "commentaire: Ligne un\nLigne deux\nLigne trois"),
                ("adresse", TextRole.FormField, "adresse: 12 rue de la Paix"), // two widgets, no /P: left one first
                ("adresse", TextRole.FormField, "adresse: 12 rue de la Paix"),
                ("marie", TextRole.FormField, "☒ Marié(e)"),
                ("situation", TextRole.FormField, "☒ Situation familiale: Divorcé(e)"),
                ("pays", TextRole.FormField, "pays: Belgique"),
                ("langues", TextRole.FormField, "langues: français, allemand"),
                (null, TextRole.Annotation, "Vérifié par le guichet"),
            ],
            blocks.Select(b => (b.FieldName, b.Role, b.Text)));
        Assert.All(blocks, b => AssertInside(page, b.Box));
        Assert.All(blocks, b => Assert.Equal(PageSource.TextLayer, b.Source));

        // /Rect [200 735 500 755] on an 842 pt page.
        Assert.Equal(new BoundingBox(200, 87, 500, 107), blocks[1].Box);
        Assert.Equal(new BoundingBox(150, 231, 330, 251), blocks[5].Box);
        Assert.Equal(new BoundingBox(350, 232, 550, 252), blocks[6].Box);
    }

    [Fact]
    public void ForPage_PasswordHiddenEmptyAndPushButtonFields_GiveNothing()
    {
        var (_, blocks, _) = Read("pdfs/gen_form.pdf", 1);

        Assert.DoesNotContain(blocks, b => b.FieldName is "secret" or "cache" or "vide" or "envoyer");
        Assert.DoesNotContain(blocks, b => b.Text.Contains("hunter2", StringComparison.Ordinal) || b.Text.Contains("invisible", StringComparison.Ordinal));
    }

    [Fact]
    public void ForPage_RotatedPageWithOffsetCropBox_MapsTheWidgetIntoTheViewersFrame()
    {
        // Crop box [50 100 550 700], /Rotate 90, /Rect [100 200 200 220]: in the crop box x 50–150, y 100–120; a quarter
        // turn clockwise puts it at x 100–120 and 50–150 from the top of the 600 × 500 page a viewer shows.
        var (page, blocks, warnings) = Read("pdfs/gen_form.pdf", 2);

        Assert.Empty(warnings);
        Assert.Equal(600, page.Width, 3);
        Assert.Equal(500, page.Height, 3);
        TextBlock block = Assert.Single(blocks);
        Assert.Equal(("tourne", "tourne: Page tournée"), (block.FieldName, block.Text));
        Assert.Equal(new BoundingBox(100, 50, 120, 150), block.Box);
    }

    [Fact]
    public void ForPage_SelfParentedWidgetAndUnreadableAnnotation_KeepsWhatItCanAndWarns()
    {
        var (_, blocks, warnings) = Read("pdfs/gen_form.pdf", 3);

        // PdfPig stops reading the page's annotations at the one without /Subtype: the field after it is lost, the page is not.
        TextBlock block = Assert.Single(blocks);
        Assert.Equal(("boucle", "boucle: Boucle"), (block.FieldName, block.Text));
        string warning = Assert.Single(warnings);
        Assert.StartsWith("Page 3: some annotations could not be read", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pdfs/gen_born_digital.pdf")] // no form, no annotations
    [InlineData("pdfs/ntsb_20080108X00031.pdf")] // a form-like layout, no AcroForm
    public void ForPage_NoForm_ReturnsEmpty(string file)
    {
        var (_, blocks, warnings) = Read(file, 1);

        Assert.Empty(blocks);
        Assert.Empty(warnings);
    }

    [Fact]
    public void ToPageFrame_RectangleOnUprightPage_FlipsToTopLeftOriginAndRoundsOutward()
    {
        var rectangle = new PdfRectangle(20.835, 733.496, 30.835, 743.496);

        BoundingBox box = FormText.ToPageFrame(rectangle, 792);

        Assert.Equal(new BoundingBox(20, 48, 31, 59), box);
    }

    private static (Page Page, IReadOnlyList<TextBlock> Blocks, List<string> Warnings) Read(string file, int pageNumber)
    {
        using OpenedPdf pdf = PdfOpener.OpenFile(TestData.Path(file), password: null);
        Page page = pdf.Document.GetPage(pageNumber);
        var warnings = new List<string>();
        IReadOnlyList<TextBlock> blocks = FormText.ForPage(pdf.Document, page, r => FormText.ToPageFrame(r, page.Height), warnings);
        return (page, blocks, warnings);
    }

    private static void AssertInside(Page page, BoundingBox? box)
    {
        Assert.NotNull(box);
        BoundingBox b = box.Value;
        Assert.InRange(b.Left, 0, b.Right);
        Assert.InRange(b.Top, 0, b.Bottom);
        Assert.InRange(b.Right, b.Left, (int)Math.Ceiling(page.Width));
        Assert.InRange(b.Bottom, b.Top, (int)Math.Ceiling(page.Height));
    }
}

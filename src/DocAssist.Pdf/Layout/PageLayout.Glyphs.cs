using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace DocAssist.Pdf.Layout;

/// <summary>The glyph and segment types the layout works on.</summary>
internal static partial class PageLayout
{
    /// <summary>One glyph in its reading frame (text running left to right along a horizontal baseline), with its box in the page's top-left frame.</summary>
    internal sealed class Glyph
    {
        private Glyph(string text, int angle, double x0, double x1, double baseline, double size, PdfRectangle box, double pageHeight)
        {
            Text = text;
            Angle = angle;
            X0 = x0;
            X1 = x1;
            Baseline = baseline;
            Size = size;
            Left = Math.Min(box.Left, box.Right);
            Right = Math.Max(box.Left, box.Right);
            TopDown = pageHeight - Math.Max(box.Top, box.Bottom);
            BottomDown = pageHeight - Math.Min(box.Top, box.Bottom);
        }

        public string Text { get; }

        // A control character other than the T1 quote, dash and ligature codes (see LayoutLine) is a glyph with no character
        // at all; the commonest is glyph 3 of a TrueType font without a Unicode map, its space. Like pdftotext, such a glyph
        // separates words rather than gluing them.
        public bool IsSpace => Text.Length == 0 || Text.All(c => char.IsWhiteSpace(c) || c is < '\u0010' or (>= '\u0017' and <= '\u001A'));

        public int Angle { get; }

        public double X0 { get; }

        public double X1 { get; }

        public double Baseline { get; }

        public double Size { get; }

        public double Left { get; }

        public double Right { get; }

        public double TopDown { get; }

        public double BottomDown { get; }

        public static Glyph? TryCreate(Letter letter, double pageHeight)
        {
            string text = letter.Value ?? string.Empty;
            if (text.Length == 0)
            {
                return null;
            }

            PdfPoint start = letter.StartBaseLine, end = letter.EndBaseLine;
            double dx = end.X - start.X, dy = end.Y - start.Y;
            double length = Math.Sqrt((dx * dx) + (dy * dy));
            int angle = length > 1e-6
                ? (int)Math.Round(Math.Atan2(dy, dx) * 180 / Math.PI)
                : letter.TextOrientation switch
                {
                    TextOrientation.Rotate90 => -90,
                    TextOrientation.Rotate270 => 90,
                    TextOrientation.Rotate180 => 180,
                    _ => 0,
                };
            angle = angle == -180 ? 180 : angle;
            double radians = angle * Math.PI / 180;
            double cos = Math.Cos(radians), sin = Math.Sin(radians);
            double x0 = (start.X * cos) + (start.Y * sin);
            double baseline = (-start.X * sin) + (start.Y * cos);
            double x1 = x0 + Math.Max(length, 0);
            PdfRectangle box = letter.BoundingBox;
            double size = letter.PointSize;
            if (!(size > 0.5) || double.IsNaN(size) || size > 1000)
            {
                size = Math.Max(1, Math.Max(Math.Abs(box.Height), Math.Abs(box.Width)));
            }

            if (length <= 1e-6)
            {
                x1 = x0 + Math.Max(Math.Abs(box.Width), 0.5 * size);
            }

            return new Glyph(text, angle, x0, x1, baseline, size, box, pageHeight);
        }
    }

    /// <summary>A run of words on one row with no wide gap inside.</summary>
    internal sealed class Segment
    {
        public Segment(List<List<Glyph>> words)
        {
            Words = [.. words.Where(w => w.Count > 0)];
            List<Glyph> all = [.. Words.SelectMany(w => w)];
            X0 = all.Min(g => g.X0);
            X1 = all.Max(g => g.X1);
            Size = Median(all.Select(g => g.Size));
            Baseline = Median(all.Select(g => g.Baseline));
            Top = Baseline + (0.8 * Size);
            Bottom = Baseline - (0.25 * Size);
            CharCount = all.Count;
        }

        public IReadOnlyList<List<Glyph>> Words { get; }

        public double X0 { get; }

        public double X1 { get; }

        public double Size { get; }

        public double Baseline { get; }

        public double Top { get; }

        public double Bottom { get; }

        public int CharCount { get; }
    }
}

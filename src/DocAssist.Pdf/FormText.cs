// Over 400 lines on purpose: one reader of one PDF structure (a widget, its /Parent chain, its value and appearance), whose
// helpers make sense only together; split, each half would need the other to be read.
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DocAssist.Core.Model;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using BoundingBox = DocAssist.Core.Model.BoundingBox;
using Page = UglyToad.PdfPig.Content.Page;

namespace DocAssist.Pdf;

/// <summary>Reads what a page's form fields and text annotations show: filled AcroForm values and free-text and note annotations.</summary>
/// <remarks>
/// <para>
/// Filled values are not in the page's content stream: they sit in the fields' <c>/V</c> entries and appearance streams. This reads
/// them from the page's widget annotations, walking each widget's <c>/Parent</c> chain for the field's name, type, flags and value,
/// rather than through PdfPig's <c>AcroForm</c> model, which in 0.1.16 drops the page of widgets without the optional <c>/P</c>
/// entry, ignores widgets that are kids of a text or choice field (a value shown in two places has no page or box), and fails as a
/// whole on one malformed field.
/// </para>
/// <para>Stateless and thread-safe; a <see cref="PdfDocument"/> is not, so one document is read by one thread at a time.</para>
/// </remarks>
internal static partial class FormText
{
    /// <summary>The mark put before the label of a check box or radio button that is on.</summary>
    public const string CheckedMark = "☒";

    /// <summary>The prefix of a note (sticky-note annotation) block.</summary>
    public const string NotePrefix = "Note: ";

    private const int MaxParentDepth = 32;
    private const int PasswordFlag = 1 << 13;
    private const int RadioFlag = 1 << 15;
    private const int PushButtonFlag = 1 << 16;

    // Rows: two items sit on one row when their tops differ by less than half the smaller height, at least this many points.
    private const double MinRowTolerance = 2;

    private static readonly NameToken Off = NameToken.Create("Off");

    // Export values of a check box that say nothing beyond "checked": the label alone is shown for them.
    private static readonly HashSet<string> PlainOnStates = new(StringComparer.OrdinalIgnoreCase)
    {
        "Yes", "On", "True", "1", "X", "Checked", "Selected", "Oui", "Ja", "Si", "Sí",
    };

    /// <summary>Gets the blocks of a page's filled form fields and text annotations, ordered top to bottom, left to right.</summary>
    /// <param name="document">The open document the page belongs to.</param>
    /// <param name="page">The page.</param>
    /// <param name="toPageFrame">
    /// Maps a rectangle as PdfPig gives annotation rectangles (PDF points, moved to the crop box's origin and turned by the page's
    /// <c>/Rotate</c>, origin bottom-left) to the page's frame; <see cref="ToPageFrame(PdfRectangle, double)"/> does it.
    /// </param>
    /// <param name="warnings">Receives a sentence for each field or annotation that could not be read; may be <see langword="null"/>.</param>
    /// <returns>
    /// <para>One block per visible widget of a filled field (<see cref="TextRole.FormField"/>, <see cref="TextBlock.FieldName"/> the fully
    /// qualified name) and per free-text or note annotation with text (<see cref="TextRole.Annotation"/>). Texts:</para>
    /// <list type="bullet">
    /// <item>text field: <c>label: value</c> (line breaks kept as <c>\n</c>); password fields are left out;</item>
    /// <item>check box that is on: <c>☒ label</c>, or <c>☒ label: export value</c> when the export value says more than "Yes";</item>
    /// <item>radio button that is on: <c>☒ label: export value</c> (the <c>/Opt</c> entry when the field has one);</item>
    /// <item>list or combo box: <c>label: choice</c>, several choices joined by <c>", "</c>, each its display text when <c>/Opt</c> pairs export values with display texts;</item>
    /// <item>free-text annotation: its text; note: <c>Note: text</c>.</item>
    /// </list>
    /// <para>The label is the field's alternate name (<c>/TU</c>), else its partial name without an index suffix such as <c>[0]</c>.
    /// Empty fields, check boxes that are off, push buttons, signatures and hidden widgets give nothing.</para>
    /// </returns>
    /// <remarks>Never throws for a malformed form or annotation: what cannot be read is left out and described in <paramref name="warnings"/>.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IReadOnlyList<TextBlock> ForPage(
        PdfDocument document,
        Page page,
        Func<PdfRectangle, BoundingBox> toPageFrame,
        ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(toPageFrame);

        var annotations = new List<Annotation>();
        try
        {
            foreach (Annotation annotation in page.GetAnnotations())
            {
                annotations.Add(annotation);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // PdfPig reads annotations lazily and stops at the first broken one: keep those read before it.
            warnings?.Add($"Page {page.Number}: some annotations could not be read ({PdfOpener.Describe(ex)}); their form values and text are left out.");
        }

        var blocks = new List<TextBlock>();
        foreach (Annotation annotation in annotations)
        {
            if ((annotation.Flags & (AnnotationFlags.Hidden | AnnotationFlags.NoView)) != 0)
            {
                continue;
            }

            try
            {
                TextBlock? block = annotation.Type switch
                {
                    AnnotationType.Widget => ReadWidget(document, annotation, toPageFrame),
                    AnnotationType.FreeText => ReadAnnotationText(document, annotation, string.Empty, toPageFrame),
                    AnnotationType.Text => ReadAnnotationText(document, annotation, NotePrefix, toPageFrame),
                    _ => null,
                };
                if (block is not null)
                {
                    blocks.Add(block);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                string what = annotation.Type == AnnotationType.Widget ? "a form field" : $"a {annotation.Type} annotation";
                warnings?.Add($"Page {page.Number}: {what} could not be read ({PdfOpener.Describe(ex)}); it is left out.");
            }
        }

        return InReadingOrder(blocks);
    }

    /// <summary>Maps a rectangle as PdfPig gives annotation rectangles and letters to the page's frame: points, origin top-left.</summary>
    /// <param name="rectangle">The rectangle, origin at the bottom-left of the visible page (PdfPig has already moved it to the crop box's origin and applied <c>/Rotate</c>).</param>
    /// <param name="pageHeight">The height of the page as a viewer shows it (PdfPig's <c>Page.Height</c>).</param>
    /// <returns>The smallest whole-point box that holds the rectangle.</returns>
    public static BoundingBox ToPageFrame(PdfRectangle rectangle, double pageHeight)
    {
        PdfPoint[] corners = [rectangle.TopLeft, rectangle.TopRight, rectangle.BottomLeft, rectangle.BottomRight];
        double left = corners.Min(p => p.X);
        double right = corners.Max(p => p.X);
        double top = corners.Max(p => p.Y);
        double bottom = corners.Min(p => p.Y);
        return new BoundingBox(
            Left: (int)Math.Floor(left),
            Top: (int)Math.Floor(pageHeight - top),
            Right: (int)Math.Ceiling(right),
            Bottom: (int)Math.Ceiling(pageHeight - bottom));
    }

    private static TextBlock? ReadWidget(PdfDocument document, Annotation widget, Func<PdfRectangle, BoundingBox> toPageFrame)
    {
        var field = Field.Of(document, widget.AnnotationDictionary);
        if (field is null || field.Name.Length == 0)
        {
            return null;
        }

        string? text = field.Type switch
        {
            "Tx" => TextFieldText(field),
            "Btn" => ButtonText(document, field, widget),
            "Ch" => ChoiceText(document, field),
            _ => null,
        };

        return text is null
            ? null
            : new TextBlock(text, TextRole.FormField, toPageFrame(widget.Rectangle), PageSource.TextLayer) { FieldName = field.Name };
    }

    private static string? TextFieldText(Field field)
    {
        if ((field.Flags & PasswordFlag) != 0)
        {
            return null;
        }

        string? value = field.Text(NameToken.V);
        value = value is null ? null : NormaliseLines(value);
        return string.IsNullOrWhiteSpace(value) ? null : $"{field.Label}: {value}";
    }

    private static string? ButtonText(PdfDocument document, Field field, Annotation widget)
    {
        if ((field.Flags & PushButtonFlag) != 0)
        {
            return null;
        }

        string? state = OnState(document, field, widget);
        if (state is null)
        {
            return null;
        }

        string export = ExportValue(document, field, widget, state);
        bool radio = (field.Flags & RadioFlag) != 0;
        return radio || !PlainOnStates.Contains(export)
            ? $"{CheckedMark} {field.Label}: {export}"
            : $"{CheckedMark} {field.Label}";
    }

    // The widget's appearance state is what a viewer shows; without one, the field's value names the widget's on state.
    private static string? OnState(PdfDocument document, Field field, Annotation widget)
    {
        DictionaryToken dictionary = widget.AnnotationDictionary;
        if (Resolve(document, dictionary, NameToken.As) is NameToken appearanceState)
        {
            return appearanceState.Equals(Off) ? null : appearanceState.Data;
        }

        if (field.Get(NameToken.V) is not NameToken value || value.Equals(Off))
        {
            return null;
        }

        // A value that is not one of this widget's appearances belongs to another widget of the field (a radio group).
        if (Resolve(document, dictionary, NameToken.Ap) is DictionaryToken appearances
            && Resolve(document, appearances, NameToken.N) is DictionaryToken normal
            && !normal.ContainsKey(value))
        {
            return null;
        }

        return value.Data;
    }

    // With /Opt, each widget's export value is its entry there (its state name may be just the index).
    private static string ExportValue(PdfDocument document, Field field, Annotation widget, string state)
    {
        if (field.Get(NameToken.Opt) is not ArrayToken options || options.Length == 0)
        {
            return state;
        }

        int index = int.TryParse(state, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number < options.Length
            ? number
            : field.KidIndex(widget.AnnotationDictionary);
        return index >= 0 && index < options.Length && PdfTextString.Decode(Resolve(document, options.Data[index])) is { Length: > 0 } text
            ? text
            : state;
    }

    private static string? ChoiceText(PdfDocument document, Field field)
    {
        var selected = new List<string>();
        IToken? value = field.Get(NameToken.V);
        if (value is ArrayToken values)
        {
            selected.AddRange(values.Data.Select(v => PdfTextString.Decode(Resolve(document, v))).OfType<string>());
        }
        else if (PdfTextString.Decode(value) is { } single)
        {
            selected.Add(single);
        }

        List<(string Export, string Display)> options = ChoiceOptions(document, field);
        if (selected.Count == 0 && field.Get(NameToken.I) is ArrayToken indices)
        {
            // No value, but selected indices: use them.
            foreach (IToken token in indices.Data)
            {
                if (Resolve(document, token) is NumericToken { Int: var i } && i >= 0 && i < options.Count)
                {
                    selected.Add(options[i].Export);
                }
            }
        }

        var shown = selected
            .Select(s => options.FirstOrDefault(o => string.Equals(o.Export, s, StringComparison.Ordinal)).Display ?? s)
            .Select(s => NormaliseLines(s).Trim())
            .Where(s => s.Length > 0)
            .ToList();
        return shown.Count == 0 ? null : $"{field.Label}: {string.Join(", ", shown)}";
    }

    private static List<(string Export, string Display)> ChoiceOptions(PdfDocument document, Field field)
    {
        var options = new List<(string, string)>();
        if (field.Get(NameToken.Opt) is not ArrayToken array)
        {
            return options;
        }

        foreach (IToken entry in array.Data)
        {
            IToken? resolved = Resolve(document, entry);
            if (resolved is ArrayToken { Length: >= 2 } pair)
            {
                string export = PdfTextString.Decode(Resolve(document, pair.Data[0])) ?? string.Empty;
                options.Add((export, PdfTextString.Decode(Resolve(document, pair.Data[1])) ?? export));
            }
            else
            {
                string text = PdfTextString.Decode(resolved) ?? string.Empty;
                options.Add((text, text));
            }
        }

        return options;
    }

    private static TextBlock? ReadAnnotationText(PdfDocument document, Annotation annotation, string prefix, Func<PdfRectangle, BoundingBox> toPageFrame)
    {
        DictionaryToken dictionary = annotation.AnnotationDictionary;
        string? text = PdfTextString.Decode(Resolve(document, dictionary, NameToken.Contents));
        if (string.IsNullOrWhiteSpace(text) && PdfTextString.Decode(Resolve(document, dictionary, NameToken.Rc)) is { } rich)
        {
            text = PlainTextOfRichText(rich);
        }

        text = text is null ? null : NormaliseLines(text).Trim();
        return string.IsNullOrEmpty(text)
            ? null
            : new TextBlock(prefix + text, TextRole.Annotation, toPageFrame(annotation.Rectangle), PageSource.TextLayer);
    }

    // Rich text (/RC) is XHTML: paragraphs become lines, tags go, entities are decoded.
    private static string PlainTextOfRichText(string xhtml)
    {
        string withBreaks = BlockEndTag().Replace(xhtml, "\n");
        return WebUtility.HtmlDecode(AnyTag().Replace(withBreaks, string.Empty));
    }

    private static string NormaliseLines(string text)
    {
        string unified = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return string.Join('\n', unified.Split('\n').Select(line => line.TrimEnd())).Trim('\n');
    }

    private static List<TextBlock> InReadingOrder(List<TextBlock> blocks)
    {
        var byTop = blocks.OrderBy(b => b.Box?.Top ?? int.MaxValue).ThenBy(b => b.Box?.Left ?? int.MaxValue).ToList();
        var ordered = new List<TextBlock>(blocks.Count);
        var row = new List<TextBlock>();
        foreach (TextBlock block in byTop)
        {
            if (row.Count > 0 && !SameRow(row[0], block))
            {
                ordered.AddRange(row.OrderBy(b => b.Box?.Left ?? int.MaxValue));
                row.Clear();
            }

            row.Add(block);
        }

        ordered.AddRange(row.OrderBy(b => b.Box?.Left ?? int.MaxValue));
        return ordered;
    }

    private static bool SameRow(TextBlock first, TextBlock other)
    {
        if (first.Box is not { } a || other.Box is not { } b)
        {
            return false;
        }

        double tolerance = Math.Max(MinRowTolerance, Math.Min(a.Bottom - a.Top, b.Bottom - b.Top) / 2.0);
        return Math.Abs(b.Top - a.Top) < tolerance;
    }

    private static IToken? Resolve(PdfDocument document, DictionaryToken dictionary, NameToken key) =>
        dictionary.TryGet(key, out IToken token) ? Resolve(document, token) : null;

    private static IToken? Resolve(PdfDocument document, IToken? token)
    {
        for (int i = 0; i < MaxParentDepth && token is IndirectReferenceToken reference; i++)
        {
            token = document.Structure.TokenScanner.Get(reference.Data)?.Data;
        }

        return token is IndirectReferenceToken ? null : token;
    }

    [GeneratedRegex(@"</p>|</div>|<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEndTag();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex AnyTag();

    /// <summary>A widget's field: the widget's dictionary and its ancestors, nearest first.</summary>
    private sealed partial class Field
    {
        private readonly PdfDocument _document;
        private readonly List<DictionaryToken> _chain;
        private readonly int _terminal;

        private Field(PdfDocument document, List<DictionaryToken> chain, int terminal)
        {
            _document = document;
            _chain = chain;
            _terminal = terminal;
            Name = string.Join('.', chain.AsEnumerable().Reverse()
                .Select(d => PdfTextString.Decode(Resolve(document, d, NameToken.T)))
                .Where(t => !string.IsNullOrEmpty(t)));
            Type = (Get(NameToken.Ft) as NameToken)?.Data;
            Flags = Get(NameToken.Ff) is NumericToken flags ? (int)flags.Long : 0;

            DictionaryToken field = chain[terminal];
            string? alternate = PdfTextString.Decode(Resolve(document, field, NameToken.Tu))?.Trim();
            string partial = PdfTextString.Decode(Resolve(document, field, NameToken.T)) ?? Name;
            Label = NormaliseLines(string.IsNullOrEmpty(alternate) ? IndexSuffix().Replace(partial, string.Empty) : alternate).Replace('\n', ' ');
        }

        /// <summary>Gets the fully qualified field name: the partial names from the root down, joined by dots.</summary>
        public string Name { get; }

        /// <summary>Gets the field type (<c>Tx</c>, <c>Btn</c>, <c>Ch</c>, <c>Sig</c>), inherited; <see langword="null"/> when absent.</summary>
        public string? Type { get; }

        /// <summary>Gets the field flags (<c>/Ff</c>), inherited; 0 when absent.</summary>
        public int Flags { get; }

        /// <summary>Gets what a reader calls the field: its alternate name, else its partial name.</summary>
        public string Label { get; }

        public static Field? Of(PdfDocument document, DictionaryToken widget)
        {
            var chain = new List<DictionaryToken> { widget };
            var seen = new HashSet<IndirectReference>();
            DictionaryToken current = widget;
            while (current.TryGet(NameToken.Parent, out IToken parentToken) && chain.Count <= MaxParentDepth)
            {
                if (parentToken is IndirectReferenceToken reference && !seen.Add(reference.Data))
                {
                    break;
                }

                if (Resolve(document, parentToken) is not DictionaryToken parent
                    || chain.Exists(d => ReferenceEquals(d, parent) || d.Equals(parent)))
                {
                    break;
                }

                chain.Add(parent);
                current = parent;
            }

            // The terminal field is the first dictionary with a partial name: the widget itself when field and widget are merged.
            int terminal = chain.FindIndex(d => d.ContainsKey(NameToken.T));
            return terminal < 0 ? null : new Field(document, chain, terminal);
        }

        /// <summary>Gets an entry from the nearest dictionary in the chain that has it (inheritable entries and <c>/Opt</c> of a button group).</summary>
        public IToken? Get(NameToken key)
        {
            foreach (DictionaryToken dictionary in _chain)
            {
                if (dictionary.TryGet(key, out IToken token))
                {
                    return Resolve(_document, token);
                }
            }

            return null;
        }

        public string? Text(NameToken key) => PdfTextString.Decode(Get(key));

        /// <summary>Gets the widget's position among its field's kids, or -1 when the widget is the field itself.</summary>
        public int KidIndex(DictionaryToken widget)
        {
            if (_terminal == 0 || Resolve(_document, _chain[_terminal], NameToken.Kids) is not ArrayToken kids)
            {
                return -1;
            }

            for (int i = 0; i < kids.Length; i++)
            {
                if (Resolve(_document, kids.Data[i]) is DictionaryToken kid && (ReferenceEquals(kid, widget) || kid.Equals(widget)))
                {
                    return i;
                }
            }

            return -1;
        }

        [GeneratedRegex(@"\[\d+\]$")]
        private static partial Regex IndexSuffix();
    }
}

namespace DocAssist.Core.Model;

/// <summary>What a block of a page's text is: the page's own content, or furniture repeated on every page, or a form value.</summary>
public enum TextRole
{
    /// <summary>The page's own content.</summary>
    Body,

    /// <summary>A running header: repeated at the top of many pages (kept in the text, left out of summaries and the question index).</summary>
    Header,

    /// <summary>A running footer: repeated at the bottom of many pages (kept in the text, left out of summaries and the question index).</summary>
    Footer,

    /// <summary>A page number printed on the page (kept in the text, left out of summaries and the question index).</summary>
    PageNumber,

    /// <summary>The value of a filled-in form field (AcroForm text field, check box, choice), with its field name.</summary>
    FormField,

    /// <summary>The text of an annotation drawn on the page (free text, sticky note).</summary>
    Annotation,
}

using System.Globalization;
using System.Text;
using DocAssist.Core;

namespace DocAssist.Ocr;

/// <summary>Checks an OCR'd page against the language data it was read with: a script no loaded model reads makes the page unreliable, and a Latin page that looks like another language gets a <see cref="Settings.Languages"/> suggestion.</summary>
/// <remarks>Thread-safe: stateless.</remarks>
internal static class PageLanguageCheck
{
    /// <summary>The fewest real words (holding a letter or digit) a page needs before its script is detected: fewer give the osd model too little to judge and cost a detection for nothing.</summary>
    public const int MinWordsForScript = 10;

    /// <summary>The osd script confidence from which a script no loaded model reads flags the page on its own (measured: a Hebrew page 11.4, a Devanagari page 100; the 30 Latin pages of the dev set were all seen as Latin but one, as Cyrillic at 0.0).</summary>
    public const float MinScriptConfidence = 5f;

    /// <summary>The osd script confidence below which the detected script is not trusted at all (a tie between scripts reads 0) and not reported.</summary>
    public const float WeakScriptConfidence = 1f;

    /// <summary>The mean word confidence below which a weakly detected foreign script (between <see cref="WeakScriptConfidence"/> and <see cref="MinScriptConfidence"/>) still flags the page: the reading then has the garbage look too (measured: Hebrew and Devanagari pages read with eng 34–37, Latin pages of the dev set 77 or more).</summary>
    public const float GarbageWordConfidence = 60f;

    /// <summary>The mean word confidence from which a reading is trusted to be in a script the loaded models read, and the script is not detected (it costs 0.2–0.7 s a page): pages in a script no loaded model reads came out at 34–37.</summary>
    /// <remarks>It was 85: four Latin pages of the dev and held-out sets read at 74–85 each paid 0.18–0.27 s for a detection that found Latin
    /// (0.9 of 42 CPU s over the 50 pages). 70 keeps twice the garbage readings' confidence as margin.</remarks>
    public const float ConfidentReading = 70f;

    /// <summary>The fewest words a page needs before its language is guessed from its stop words.</summary>
    public const int MinWordsForLanguage = 30;

    /// <summary>The share of a page's words that must be stop words of a language before that language is suggested.</summary>
    public const double MinStopWordShare = 0.12;

    /// <summary>How many times the runner-up's share of stop words the best language needs: French, Spanish, Italian and Portuguese share many short words.</summary>
    public const double MinLeadOverRunnerUp = 1.5;

    // Frequent short words, accents removed (a model that lacks the language drops them), left out when they are also common English words.
    private static readonly (string Model, string Name, HashSet<string> Words)[] StopWords =
    [
        ("eng", "English", Set("the of and to in is that for it with was on be by this are from at have not which his her they their were been has but had")),
        ("fra", "French", Set("le la les des du et est une que qui dans pour sur pas par au aux avec ce cette ces il elle ils nous vous ne se sont mais ou leur sa ses ete etait avait tres aussi comme tout sont cet lui")),
        ("deu", "German", Set("der die das und ist nicht mit sich den dem des ein eine einer auf fur von zu im auch es wird werden sind wurde nach bei aus oder wie")),
        ("spa", "Spanish", Set("el los las del que y en un una es por con para se su al lo como mas pero sus ya este esta fue muy")),
        ("ita", "Italian", Set("il di che della per una del non sono con gli da si anche questo alla nel piu essere ha")),
        ("por", "Portuguese", Set("o os da do em um uma para com nao se por mais na no dos das foi como ao mas ele ela")),
        ("nld", "Dutch", Set("de het een en van ik te dat die in is niet zijn op aan met voor er maar om ook als bij")),
        ("tur", "Turkish", Set("ve bir bu da icin ile olarak gibi daha cok olan ama kadar sonra her ne ya mi")),
    ];

    /// <summary>Reviews the script the osd model saw against the loaded models.</summary>
    /// <param name="detection">The orientation and script detection of the page.</param>
    /// <param name="languages">The loaded models joined with <c>+</c>.</param>
    /// <param name="meanWordConfidence">The page's mean confidence over real words.</param>
    /// <returns>A warning saying which script was seen and how to read it, or <see langword="null"/> when the loaded models read the script (or it is too uncertain to say).</returns>
    public static string? ReviewScript(OrientationResult detection, string languages, float meanWordConfidence)
    {
        ArgumentNullException.ThrowIfNull(languages);
        if (!IsTrusted(detection) || TesseractLanguages.Covers(languages, detection.Script))
        {
            return null;
        }

        // A confident detection is enough; a weak one only together with a reading that looks like garbage.
        if (detection.ScriptConfidence < MinScriptConfidence && meanWordConfidence >= GarbageWordConfidence)
        {
            return null;
        }

        IReadOnlyList<string> models = TesseractLanguages.ModelsFor(detection.Script);
        string model = models[0];
        string others = models.Count > 1 ? $" (or {string.Join(", ", models.Skip(1))} for another language in that script)" : string.Empty;
        string package = TesseractLanguages.DebianPackage(model) is { } p ? $" (Debian: {p})" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"the page looks like {detection.Script} script (script confidence {detection.ScriptConfidence:0.0}), but the loaded language data ({languages}) cannot read it, "
            + $"so its text is unreliable: install {model}.traineddata{package} and run with {Settings.Mention(Settings.Languages, model)}{others}");
    }

    /// <summary>Tells whether a detection names a script with enough confidence to be reported at all.</summary>
    /// <param name="detection">The orientation and script detection of the page.</param>
    /// <returns><see langword="true"/> when a script was named with at least <see cref="WeakScriptConfidence"/>.</returns>
    public static bool IsTrusted(OrientationResult detection) => detection.Script.Length > 0 && detection.ScriptConfidence >= WeakScriptConfidence;

    /// <summary>Guesses from its stop words whether a page's text is in a language none of the loaded models is for, and suggests the language list that reads it.</summary>
    /// <param name="text">The recognised text.</param>
    /// <param name="languages">The loaded models joined with <c>+</c>.</param>
    /// <param name="installed">The models in the language data folder.</param>
    /// <returns>A warning suggesting <see cref="Settings.Languages"/>, or <see langword="null"/> when the text looks like a loaded language or like none clearly.</returns>
    public static string? SuggestLanguage(string text, string languages, IReadOnlySet<string> installed)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(languages);
        ArgumentNullException.ThrowIfNull(installed);
        string[] loaded = languages.Split('+', StringSplitOptions.RemoveEmptyEntries);
        if (loaded.Any(m => TesseractLanguages.ScriptOf(m) != TesseractLanguages.LatinScript))
        {
            return null;
        }

        List<string> words = Words(text);
        if (words.Count < MinWordsForLanguage)
        {
            return null;
        }

        (string Model, string Name, double Share)[] shares =
            [.. StopWords.Select(s => (s.Model, s.Name, (double)words.Count(s.Words.Contains) / words.Count)).OrderByDescending(s => s.Item3)];
        (string best, string name, double share) = shares[0];
        double runnerUp = shares[1].Share;

        if (share < MinStopWordShare || share < MinLeadOverRunnerUp * runnerUp || loaded.Contains(best, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        string suggested = $"{languages}+{best}";
        return installed.Contains(best)
            ? $"the text looks {name}, but it was read with {languages} only: run with {Settings.Mention(Settings.Languages, suggested)} (or {Settings.Mention(Settings.Languages, best)}) to read its accents and words"
            : $"the text looks {name}, but it was read with {languages} only: {TessdataLocator.InstallHint(best)}, then run with {Settings.Mention(Settings.Languages, suggested)}";
    }

    private static HashSet<string> Set(string words) => new(words.Split(' '), StringComparer.Ordinal);

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (char c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetter(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                Flush();
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }
}

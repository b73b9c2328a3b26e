using System.Collections.Frozen;

namespace DocAssist.Ocr;

/// <summary>What DocAssist knows about Tesseract's language data: which script each model reads, which model reads a script, the Debian package that ships it, and the everyday names people type for it.</summary>
/// <remarks>Thread-safe: immutable tables.</remarks>
internal static class TesseractLanguages
{
    /// <summary>The script Tesseract's orientation and script detection reports for Latin text.</summary>
    public const string LatinScript = "Latin";

    // Non-Latin models and the script their text is in (as Tesseract's osd model names scripts). A model not listed here reads Latin.
    private static readonly FrozenDictionary<string, string> ScriptOfModel = ByModel(
        ("Hebrew", "heb yid"),
        ("Arabic", "ara fas urd pus uig snd"),
        ("Cyrillic", "rus ukr bel bul mkd srp kaz kir mon tgk tat uzb_cyrl aze_cyrl"),
        ("Devanagari", "hin mar nep san"),
        ("Greek", "ell grc"),
        ("HanS", "chi_sim chi_sim_vert"),
        ("HanT", "chi_tra chi_tra_vert"),
        ("Japanese", "jpn jpn_vert"),
        ("Korean", "kor kor_vert"),
        ("Thai", "tha"),
        ("Lao", "lao"),
        ("Khmer", "khm"),
        ("Myanmar", "mya"),
        ("Tibetan", "bod dzo"),
        ("Bengali", "ben asm"),
        ("Gujarati", "guj"),
        ("Gurmukhi", "pan"),
        ("Oriya", "ori"),
        ("Tamil", "tam"),
        ("Telugu", "tel"),
        ("Kannada", "kan"),
        ("Malayalam", "mal"),
        ("Sinhala", "sin"),
        ("Ethiopic", "amh tir"),
        ("Armenian", "hye"),
        ("Georgian", "kat kat_old"),
        ("Cherokee", "chr"),
        ("Canadian_Aboriginal", "iku"),
        ("Syriac", "syr"),
        ("Thaana", "div"));

    // The models to suggest for a script the osd model reports, the usual one first.
    private static readonly FrozenDictionary<string, string[]> ModelsForScript = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["Hebrew"] = ["heb"],
        ["Arabic"] = ["ara", "fas", "urd"],
        ["Cyrillic"] = ["rus", "ukr", "bul", "srp"],
        ["Devanagari"] = ["hin", "mar", "nep"],
        ["Greek"] = ["ell"],
        ["Han"] = ["chi_sim", "chi_tra"],
        ["HanS"] = ["chi_sim"],
        ["HanT"] = ["chi_tra"],
        ["Japanese"] = ["jpn"],
        ["Hiragana"] = ["jpn"],
        ["Katakana"] = ["jpn"],
        ["Korean"] = ["kor"],
        ["Hangul"] = ["kor"],
        ["Thai"] = ["tha"],
        ["Lao"] = ["lao"],
        ["Khmer"] = ["khm"],
        ["Myanmar"] = ["mya"],
        ["Tibetan"] = ["bod"],
        ["Bengali"] = ["ben", "asm"],
        ["Gujarati"] = ["guj"],
        ["Gurmukhi"] = ["pan"],
        ["Oriya"] = ["ori"],
        ["Tamil"] = ["tam"],
        ["Telugu"] = ["tel"],
        ["Kannada"] = ["kan"],
        ["Malayalam"] = ["mal"],
        ["Sinhala"] = ["sin"],
        ["Ethiopic"] = ["amh", "tir"],
        ["Armenian"] = ["hye"],
        ["Georgian"] = ["kat"],
        ["Cherokee"] = ["chr"],
        ["Canadian_Aboriginal"] = ["iku"],
        ["Syriac"] = ["syr"],
        ["Thaana"] = ["div"],
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // What people type for a language (ISO 639-1 codes, English and native names) → Tesseract's model name (ISO 639-2/T mostly).
    private static readonly FrozenDictionary<string, (string Model, string Name)> Aliases = BuildAliases();

    /// <summary>Tells which script a model reads.</summary>
    /// <param name="model">A model name such as <c>eng</c>, <c>heb</c> or <c>script/Hebrew</c>.</param>
    /// <returns>The script as Tesseract's osd model names it (<c>Latin</c> for every model not known to read another script).</returns>
    public static string ScriptOf(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.StartsWith("script/", StringComparison.OrdinalIgnoreCase))
        {
            string script = model["script/".Length..];
            return script.EndsWith("_vert", StringComparison.OrdinalIgnoreCase) ? script[..^"_vert".Length] : script;
        }

        return ScriptOfModel.TryGetValue(model, out string? found) ? found : LatinScript;
    }

    /// <summary>Tells whether any model of a language list reads a script.</summary>
    /// <param name="languages">Models joined with <c>+</c>, e.g. <c>eng+fra</c>.</param>
    /// <param name="script">A script name reported by the osd model.</param>
    /// <returns><see langword="true"/> when a loaded model reads the script; scripts that are not a writing system of their own (<c>Common</c>) and Fraktur (Latin letters) always count as covered by a Latin model.</returns>
    public static bool Covers(string languages, string script)
    {
        ArgumentNullException.ThrowIfNull(languages);
        ArgumentNullException.ThrowIfNull(script);
        string wanted = Normalize(script);
        return languages.Split('+', StringSplitOptions.RemoveEmptyEntries).Any(model => Normalize(ScriptOf(model)) == wanted);
    }

    /// <summary>Gets the models that read a script, the usual one first.</summary>
    /// <param name="script">A script name reported by the osd model.</param>
    /// <returns>The model names; <c>script/&lt;Script&gt;</c> (Tesseract's model for a whole script) when no language model is known.</returns>
    public static IReadOnlyList<string> ModelsFor(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return ModelsForScript.TryGetValue(script, out string[]? models) ? models : ["script/" + script];
    }

    /// <summary>Gets the Debian package that installs a model.</summary>
    /// <param name="model">A model name such as <c>chi_sim</c>.</param>
    /// <returns>The package, e.g. <c>tesseract-ocr-chi-sim</c>; <see langword="null"/> for a whole-script model (<c>script/…</c>), which Debian names by ISO 15924 code.</returns>
    public static string? DebianPackage(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.StartsWith("script/", StringComparison.OrdinalIgnoreCase) ? null : "tesseract-ocr-" + model.Replace('_', '-').ToLowerInvariant();
    }

    /// <summary>Looks up a language typed as an ISO 639-1 code (<c>fr</c>) or a name (<c>french</c>, <c>français</c>).</summary>
    /// <param name="typed">What the user typed.</param>
    /// <param name="model">The Tesseract model for that language, e.g. <c>fra</c>.</param>
    /// <param name="name">The language's English name.</param>
    /// <returns><see langword="true"/> when the text names a known language that is not already a model name.</returns>
    public static bool TryResolveAlias(string typed, out string model, out string name)
    {
        ArgumentNullException.ThrowIfNull(typed);
        if (Aliases.TryGetValue(typed.Trim(), out (string Model, string Name) found) && !found.Model.Equals(typed, StringComparison.OrdinalIgnoreCase))
        {
            (model, name) = found;
            return true;
        }

        (model, name) = (string.Empty, string.Empty);
        return false;
    }

    private static FrozenDictionary<string, string> ByModel(params (string Script, string Models)[] scripts) =>
        scripts.SelectMany(s => s.Models.Split(' ').Select(m => KeyValuePair.Create(m, s.Script))).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static string Normalize(string script) => script switch
    {
        // The osd model tells simplified from traditional Han and Japanese from Korean only sometimes; any Han model reads Han.
        "Han" or "HanS" or "HanT" => "Han",
        "Hiragana" or "Katakana" => "Japanese",
        "Hangul" => "Korean",
        "Fraktur" or "Common" or "Latin" => LatinScript,
        _ => script,
    };

    private static FrozenDictionary<string, (string Model, string Name)> BuildAliases()
    {
        (string Model, string Name, string[] Typed)[] languages =
        [
            ("eng", "English", ["en", "english"]),
            ("fra", "French", ["fr", "fre", "french", "français", "francais"]),
            ("deu", "German", ["de", "ger", "german", "deutsch"]),
            ("spa", "Spanish", ["es", "spanish", "español", "espanol"]),
            ("ita", "Italian", ["it", "italian", "italiano"]),
            ("por", "Portuguese", ["pt", "portuguese", "português", "portugues"]),
            ("nld", "Dutch", ["nl", "dut", "dutch", "nederlands"]),
            ("pol", "Polish", ["pl", "polish", "polski"]),
            ("ces", "Czech", ["cs", "cze", "czech"]),
            ("swe", "Swedish", ["sv", "swedish", "svenska"]),
            ("dan", "Danish", ["da", "danish", "dansk"]),
            ("nor", "Norwegian", ["no", "nb", "norwegian", "norsk"]),
            ("fin", "Finnish", ["fi", "finnish", "suomi"]),
            ("tur", "Turkish", ["tr", "turkish", "türkçe", "turkce"]),
            ("ron", "Romanian", ["ro", "rum", "romanian"]),
            ("hun", "Hungarian", ["hu", "hungarian", "magyar"]),
            ("cat", "Catalan", ["ca", "catalan", "català"]),
            ("lat", "Latin", ["la", "latin"]),
            ("vie", "Vietnamese", ["vi", "vietnamese"]),
            ("ind", "Indonesian", ["id", "indonesian"]),
            ("heb", "Hebrew", ["he", "iw", "hebrew", "ivrit"]),
            ("ara", "Arabic", ["ar", "arabic"]),
            ("fas", "Persian", ["fa", "per", "persian", "farsi"]),
            ("urd", "Urdu", ["ur", "urdu"]),
            ("rus", "Russian", ["ru", "russian"]),
            ("ukr", "Ukrainian", ["uk", "ukrainian"]),
            ("bul", "Bulgarian", ["bg", "bulgarian"]),
            ("srp", "Serbian", ["sr", "serbian"]),
            ("ell", "Greek", ["el", "gre", "greek"]),
            ("hin", "Hindi", ["hi", "hindi"]),
            ("mar", "Marathi", ["mr", "marathi"]),
            ("nep", "Nepali", ["ne", "nepali"]),
            ("ben", "Bengali", ["bn", "bengali", "bangla"]),
            ("tam", "Tamil", ["ta", "tamil"]),
            ("tha", "Thai", ["th", "thai"]),
            ("chi_sim", "Chinese (simplified)", ["zh", "chi", "zho", "chinese", "zh-cn", "zh_cn", "zh-hans", "zh_hans"]),
            ("chi_tra", "Chinese (traditional)", ["zh-tw", "zh_tw", "zh-hant", "zh_hant"]),
            ("jpn", "Japanese", ["ja", "japanese"]),
            ("kor", "Korean", ["ko", "korean"]),
        ];

        var table = new Dictionary<string, (string Model, string Name)>(StringComparer.OrdinalIgnoreCase);
        foreach ((string model, string name, string[] typed) in languages)
        {
            foreach (string alias in typed)
            {
                table[alias] = (model, name);
            }
        }

        return table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}

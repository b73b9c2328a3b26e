namespace DocAssist.Llm.Text;

/// <summary>A conservative token count estimate, good enough to plan prompts without the model's tokenizer.</summary>
/// <remarks>CJK letters are counted one by one: a Chinese or Japanese character is about one token in current multilingual tokenizers, so the 3.2 characters per token of Latin text would under-count CJK text about threefold.</remarks>
public static class Tokens
{
    /// <summary>Characters per token assumed; lower than English's ~4 to stay safe on French, numbers and OCR noise.</summary>
    public const double CharsPerToken = 3.2;

    /// <summary>Tokens assumed per CJK letter (Han, Kana, Hangul; see <see cref="Cjk.IsLetter"/>).</summary>
    public const double TokensPerCjkLetter = 1.0;

    /// <summary>Estimates the tokens of a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>An over-estimate rather than an under-estimate.</returns>
    public static int Estimate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return (int)Math.Ceiling(Cost(text));
    }

    /// <summary>Gets how many characters of Latin text fit a token budget.</summary>
    /// <param name="tokens">The budget.</param>
    /// <returns>The characters.</returns>
    public static int Chars(int tokens) => (int)(tokens * CharsPerToken);

    /// <summary>Gets the estimated tokens of one character.</summary>
    /// <param name="c">The character.</param>
    /// <returns>Its share of a token.</returns>
    public static double Cost(char c) => Cjk.IsLetter(c) ? TokensPerCjkLetter : 1 / CharsPerToken;

    /// <summary>Gets the unrounded token estimate of a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The estimate.</returns>
    public static double Cost(ReadOnlySpan<char> text)
    {
        int cjk = 0;
        foreach (char c in text)
        {
            cjk += Cjk.IsLetter(c) ? 1 : 0;
        }

        return (cjk * TokensPerCjkLetter) + ((text.Length - cjk) / CharsPerToken);
    }
}

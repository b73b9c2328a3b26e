namespace DocAssist.Llm.Text;

/// <summary>A conservative token count estimate, good enough to plan prompts without the model's tokenizer.</summary>
public static class Tokens
{
    /// <summary>Characters per token assumed; lower than English's ~4 to stay safe on French, numbers and OCR noise.</summary>
    public const double CharsPerToken = 3.2;

    /// <summary>Estimates the tokens of a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>An over-estimate rather than an under-estimate.</returns>
    public static int Estimate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return (int)Math.Ceiling(text.Length / CharsPerToken);
    }

    /// <summary>Gets how many characters fit a token budget.</summary>
    /// <param name="tokens">The budget.</param>
    /// <returns>The characters.</returns>
    public static int Chars(int tokens) => (int)(tokens * CharsPerToken);
}

namespace DocAssist.Llm.Privacy;

/// <summary>The kinds of identifier <see cref="Redactor"/> replaces.</summary>
public enum RedactionKind
{
    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>An IBAN whose mod-97 checksum is valid.</summary>
    Iban,

    /// <summary>A payment card number that passes the Luhn check.</summary>
    Card,

    /// <summary>A French social security number (NIR) whose key is valid.</summary>
    Nir,

    /// <summary>A US social security number.</summary>
    Ssn,

    /// <summary>A phone number (international, French or North American form).</summary>
    Phone,
}

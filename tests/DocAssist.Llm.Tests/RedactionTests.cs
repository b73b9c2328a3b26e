using DocAssist.Core;
using DocAssist.Llm.Egress;
using DocAssist.Llm.Models;
using DocAssist.Llm.Privacy;
using DocAssist.Testing;
using Microsoft.Extensions.AI;

namespace DocAssist.Llm.Tests;

public sealed class RedactionTests
{
    [Theory]
    [InlineData("FR76 3000 6000 0112 3456 7890 189", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("FR76 3000 6000 0112 3456 7890 188", false)]
    [InlineData("DE89370400440532013001", false)]
    public void IsValidIban_Checksum(string iban, bool valid) => Assert.Equal(valid, Redactor.IsValidIban(iban));

    [Theory]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("5500-0000-0000-0004", true)]
    [InlineData("4111 1111 1111 1112", false)]
    [InlineData("1234567890123", false)]
    public void IsValidLuhn_Checksum(string number, bool valid) => Assert.Equal(valid, Redactor.IsValidLuhn(number));

    [Theory]
    [InlineData("1 85 05 78 006 084 91", true)]
    [InlineData("185057800608491", true)]
    [InlineData("185057800608436", false)]
    [InlineData("2 69 05 2A 123 456 18", true)]
    public void IsValidNir_Key(string nir, bool valid) => Assert.Equal(valid, Redactor.IsValidNir(nir));

    [Fact]
    public void Redact_Identifiers_ReplacedAndRestored()
    {
        var redactor = new Redactor();
        const string text = "Contact jean.dupont@example.fr or +33 6 12 34 56 78. IBAN FR76 3000 6000 0112 3456 7890 189, card 4111 1111 1111 1111, "
            + "NIR 1 85 05 78 006 084 91, SSN 123-45-6789. Invoice 2024-0042 totals 1 250,00 EUR; reference 4111 1111 1111 1112.";

        (string redacted, IReadOnlyDictionary<RedactionKind, int> counts) = redactor.Redact(text);

        Assert.DoesNotContain("jean.dupont", redacted);
        Assert.DoesNotContain("6 12 34 56 78", redacted);
        Assert.DoesNotContain("0112 3456", redacted);
        Assert.DoesNotContain("4111 1111 1111 1111", redacted);
        Assert.DoesNotContain("006 084 91", redacted);
        Assert.DoesNotContain("123-45-6789", redacted);
        Assert.Contains("Invoice 2024-0042 totals 1 250,00 EUR", redacted);
        Assert.Contains("4111 1111 1111 1112", redacted);
        Assert.Equal(1, counts[RedactionKind.Email]);
        Assert.Equal(1, counts[RedactionKind.Iban]);
        Assert.Equal(1, counts[RedactionKind.Card]);
        Assert.Equal(1, counts[RedactionKind.Nir]);
        Assert.Equal(1, counts[RedactionKind.Ssn]);
        Assert.Equal(1, counts[RedactionKind.Phone]);
        Assert.Equal(text, redactor.Restore(redacted));
    }

    [Fact]
    public void Restore_PlaceholderWithoutBrackets_Restored()
    {
        var redactor = new Redactor();
        (string redacted, _) = redactor.Redact("Write to a@b.eu");

        Assert.Equal("<EMAIL_1>", redacted[9..]);
        Assert.Equal("Reply to a@b.eu today", redactor.Restore("Reply to EMAIL_1 today"));
    }

    [Fact]
    public async Task Chat_RedactToRemoteEndpoint_ServerSeesPlaceholdersAnswerRestoredLedgerCounts()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        server.Responder = r => "The customer email is <EMAIL_1> and the IBAN is IBAN_1.";
        var transport = new RedirectingTransport(server.Port);
        var env = new Dictionary<string, string?> { [ModelClientFactory.ApiKeyVariable] = "k" };
        var factory = new ModelClientFactory(
            new ModelOptions { Provider = "openai", Endpoint = "test-eu", Model = "m", Policy = EgressMode.Eu, Redact = true, Transport = transport.CreateHandler },
            TestDocs.EuConfig("llm.example.fr"),
            null,
            n => env.GetValueOrDefault(n));
        using ModelConnection connection = await TestDocs.ConnectAsync(factory);

        string answer = string.Concat((await connection.Chat.GetStreamingResponseAsync(
            "Customer: marie.curie@example.org, IBAN DE89 3704 0044 0532 0130 00.").ToListAsync()).Select(u => u.Text));

        string sent = server.ChatRequests.Single().AllText;
        Assert.DoesNotContain("marie.curie", sent);
        Assert.DoesNotContain("0532", sent);
        Assert.Contains("<EMAIL_1>", sent);
        Assert.Contains("<IBAN_1>", sent);
        Assert.Equal("The customer email is marie.curie@example.org and the IBAN is DE89 3704 0044 0532 0130 00.", answer);
        EgressLedgerEntry redactions = connection.Ledger.Entries.Single(e => e.Purpose == "redaction");
        Assert.Equal(1, redactions.Redactions["EMAIL"]);
        Assert.Equal(1, redactions.Redactions["IBAN"]);
        Assert.Contains("redacted 1 EMAIL, 1 IBAN", connection.Ledger.Render());
    }

    [Fact]
    public async Task Chat_RedactToLoopback_NothingRedacted()
    {
        await using LoopbackModelServer server = await LoopbackModelServer.StartAsync();
        using ModelConnection connection = await TestDocs.ConnectAsync(TestDocs.Factory(TestDocs.FastOptions(server) with { Redact = true }));

        await connection.Chat.GetResponseAsync("mail marie.curie@example.org");

        Assert.Contains("marie.curie@example.org", server.ChatRequests.Single().AllText);
        Assert.Contains(connection.Notices, n => n.Contains(Settings.Mention(Settings.Redact)));
    }
}

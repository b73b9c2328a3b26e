using DocAssist.Core;

namespace DocAssist.Llm.Egress;

/// <summary>Where model requests may go: the <see cref="Settings.Policy"/> setting.</summary>
public enum EgressMode
{
    /// <summary>Loopback only: nothing leaves this machine (the default).</summary>
    Local,

    /// <summary>Loopback plus endpoints the user declared in the config whose declared facts meet the EU bar.</summary>
    Eu,

    /// <summary>Any destination: an explicit opt-in, reported loudly.</summary>
    Any,
}

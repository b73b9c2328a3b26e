using System.Threading.Channels;

namespace DocAssist.Server;

/// <summary>Fans documents' status changes out to every open event stream (<c>GET /api/events</c>).</summary>
/// <remarks>Thread-safe. A slow client loses old progress events (bounded, drop-oldest), never status changes' order.</remarks>
internal sealed class EventHub
{
    private readonly Lock _gate = new();
    private readonly List<Channel<WorkspaceEvent>> _subscribers = [];

    public void Publish(WorkspaceEvent e)
    {
        lock (_gate)
        {
            foreach (Channel<WorkspaceEvent> s in _subscribers)
            {
                s.Writer.TryWrite(e);
            }
        }
    }

    public ChannelReader<WorkspaceEvent> Subscribe(CancellationToken until)
    {
        var channel = Channel.CreateBounded<WorkspaceEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        until.Register(() =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }

            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }
}

using System.Runtime.CompilerServices;

namespace DocAssist.App.Extraction;

/// <summary>Runs work on several inputs at once and hands the results back in input order.</summary>
internal static class InputOrder
{
    /// <summary>
    /// Starts work on up to <paramref name="window"/> inputs at once and yields each result in input order. An input that finishes
    /// early makes room for the next one at once, even while an earlier, longer one is still running (otherwise the workers idle behind
    /// it); at most <paramref name="ahead"/> inputs are started and not yet handed back.
    /// </summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="inputs">The inputs, in order.</param>
    /// <param name="start">Starts the work on one input; the token is cancelled when the caller stops early.</param>
    /// <param name="window">The most inputs running at once.</param>
    /// <param name="ahead">The most inputs started and not yet handed back (running or finished early); at least <paramref name="window"/>.</param>
    /// <param name="isLast">Tells whether a result ends the run (later inputs are then abandoned).</param>
    /// <param name="cancellationToken">Abandons the inputs not yet handed back.</param>
    /// <returns>The results, in input order.</returns>
    public static async IAsyncEnumerable<TResult> RunAsync<TInput, TResult>(
        IReadOnlyList<TInput> inputs,
        Func<TInput, CancellationToken, Task<TResult>> start,
        int window,
        int ahead,
        Func<TResult, bool> isLast,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ahead, window);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = new Queue<Task<TResult>>();
        int next = 0;
        try
        {
            while (next < inputs.Count || started.Count > 0)
            {
                while (next < inputs.Count && started.Count < ahead && started.Count(t => !t.IsCompleted) < window)
                {
                    started.Enqueue(start(inputs[next++], stop.Token));
                }

                if (!started.Peek().IsCompleted)
                {
                    await Task.WhenAny(started.Where(t => !t.IsCompleted)).ConfigureAwait(false);
                    continue;
                }

                TResult result = await started.Dequeue().ConfigureAwait(false);
                yield return result;
                if (isLast(result))
                {
                    yield break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (Task<TResult> task in started)
            {
                await task.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }
}

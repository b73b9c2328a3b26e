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
    /// <remarks>
    /// With a <paramref name="weight"/>, the heaviest input not yet started among the next <paramref name="ahead"/> starts first, so a
    /// long one found late in the list does not run alone at the end while the other workers have nothing left to do. Results still come
    /// back in input order.
    /// </remarks>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="inputs">The inputs, in order.</param>
    /// <param name="start">Starts the work on one input; the token is cancelled when the caller stops early.</param>
    /// <param name="window">The most inputs running at once.</param>
    /// <param name="ahead">The most inputs started and not yet handed back (running or finished early); at least <paramref name="window"/>.</param>
    /// <param name="isLast">Tells whether a result ends the run (later inputs are then abandoned).</param>
    /// <param name="weight">Estimates an input's work (any unit; larger starts first), asked once per input; <see langword="null"/> to start inputs in order.</param>
    /// <param name="cancellationToken">Abandons the inputs not yet handed back.</param>
    /// <returns>The results, in input order.</returns>
    public static async IAsyncEnumerable<TResult> RunAsync<TInput, TResult>(
        IReadOnlyList<TInput> inputs,
        Func<TInput, CancellationToken, Task<TResult>> start,
        int window,
        int ahead,
        Func<TResult, bool> isLast,
        Func<TInput, long>? weight = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ahead, window);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Every started input lies in [next, next + ahead): when `ahead` are started, the one to hand back next is among them.
        var started = new Dictionary<int, Task<TResult>>();
        var weights = new long?[weight is null ? 0 : inputs.Count];
        int next = 0;
        try
        {
            while (next < inputs.Count)
            {
                while (started.Count < ahead && started.Values.Count(t => !t.IsCompleted) < window && NextToStart() is int chosen)
                {
                    started[chosen] = start(inputs[chosen], stop.Token);
                }

                if (!started.TryGetValue(next, out Task<TResult>? head) || !head.IsCompleted)
                {
                    await Task.WhenAny(started.Values.Where(t => !t.IsCompleted)).ConfigureAwait(false);
                    continue;
                }

                started.Remove(next++);
                TResult result = await head.ConfigureAwait(false);
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
            foreach (Task<TResult> task in started.Values)
            {
                await task.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }

        int? NextToStart()
        {
            int? best = null;
            long bestWeight = long.MinValue;
            for (int i = next; i < Math.Min(inputs.Count, next + ahead); i++)
            {
                if (started.ContainsKey(i))
                {
                    continue;
                }

                if (weight is null)
                {
                    return i;
                }

                long w = weights[i] ??= weight(inputs[i]);
                if (best is null || w > bestWeight)
                {
                    (best, bestWeight) = (i, w);
                }
            }

            return best;
        }
    }
}

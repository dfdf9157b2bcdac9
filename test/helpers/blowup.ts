/**
 * The bound of the tests that guard against exponential or quadratic blow-ups (regex backtracking,
 * rescans): the slow behaviour they catch takes minutes or longer on their inputs, the linear code
 * milliseconds. The bound is that generous on purpose: these machines are shared, and a test that
 * times real work under load fails for nothing (a 1.5 s bound did, at load 19). They are guards,
 * not benchmarks; speed figures live in bench/ and BENCHMARKS.md.
 */
export const BLOWUP_MS = 15_000;


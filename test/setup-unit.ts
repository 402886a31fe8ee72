// Component tests render Ink without a TTY: keep output deterministic.
// Ink turns off interactive behaviour when CI is set, so unset it for the
// tests that render, and pin colour off so snapshots of text are stable.
delete process.env.CI;
process.env.FORCE_COLOR = '0';

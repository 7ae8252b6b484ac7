// Imported first by tests that check colour output: Ink's colour library decides its colour level
// when it is loaded, and a test runner's stdout is not a terminal.
process.env.FORCE_COLOR = '1';

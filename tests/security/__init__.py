"""The security and bad-input suite (issue 8). README.md beside this file maps each item of the
issue to the test that covers it, here or elsewhere in tests/."""

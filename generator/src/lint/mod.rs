//! Checks over the IR: errors that stop generation and warnings about what the docs get wrong.

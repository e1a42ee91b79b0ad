//! Tests of the program view.

//! Facts stated in descriptions: constraints, deprecation, Unix timestamps (English and Chinese).

//! Nothing to use: this package only holds the SDK's benchmarks (`cargo bench -p sdkgen-benches`).

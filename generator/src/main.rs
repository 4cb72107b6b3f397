//! The `sdkgen` command line; everything it does lives in the library's [`sdkgen::cli`].

fn main() {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = sdkgen::cli::run(std::env::args_os(), &mut sdkgen::cli::Io { out: &mut out, err: &mut err });
    std::process::exit(code);
}

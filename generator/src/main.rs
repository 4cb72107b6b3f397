//! The `sdkgen` command line.

fn main() {
    println!("sdkgen");
}

//! The `cmmcast` binary; everything lives in the library half of this crate.

fn main() -> std::process::ExitCode {
    cmmcast_cli::main_entry()
}

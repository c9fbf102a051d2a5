use clap::Parser;

fn main() -> std::process::ExitCode {
    duban::cli::run(duban::cli::Cli::parse())
}

use clap::Parser;

fn main() {
    let cli = s3sigdiag::cli::Cli::parse();
    let code = match s3sigdiag::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("s3sigdiag: {e}");
            e.code
        }
    };
    std::process::exit(code);
}

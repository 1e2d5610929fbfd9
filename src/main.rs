fn main() -> std::process::ExitCode {
    if std::env::var_os(koers::typeset::worker::WORKER_ENV).is_some() {
        return koers::typeset::worker::serve();
    }
    koers::cli::run()
}

/// koers' own process stays under a memory ceiling (see `koers::memory`).
#[global_allocator]
static ALLOCATOR: koers::memory::Counted = koers::memory::Counted;

fn main() -> std::process::ExitCode {
    if std::env::var_os(koers::typeset::worker::WORKER_ENV).is_some() {
        koers::memory::lift();
        return koers::typeset::worker::serve();
    }
    koers::cli::run()
}

# koers for CI pipelines: `koers build` without a Rust toolchain or a compile.
#
#   docker build --build-arg REVISION=$(git rev-parse --short=12 HEAD) -t koers .
#   docker run --rm -v "$PWD:/work" koers build      # in a folder with content/
#
# Two stages: the first compiles koers with the release profile (templates, theme and fonts are
# embedded in the binary); the second is a slim Debian with nothing but that binary, so CI systems
# that run their steps in a shell (GitLab, GitHub container jobs) can use it as their image.

FROM rust:1.95-slim-bookworm AS build
# The revision `koers --version` and the PDF's Creator field name; .git is not in the context.
ARG REVISION=unknown
ENV KOERS_REVISION=${REVISION}
WORKDIR /src
COPY . .
RUN cargo build --release --locked \
    && strip target/release/koers \
    && target/release/koers --version

FROM debian:bookworm-slim AS runtime
COPY --from=build /src/target/release/koers /usr/local/bin/koers
# The project (content/, and templates/ or assets/ if it overrides the house style) is mounted here.
WORKDIR /work
# Dated by the content's `published:` unless the pipeline sets SOURCE_DATE_EPOCH.
ENTRYPOINT ["koers"]
CMD ["build"]

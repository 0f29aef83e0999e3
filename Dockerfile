# syntax=docker/dockerfile:1
# Build: docker build -t tipwire .
# Run:   docker run -p 8080:8080 -v tipwire-data:/data \
#          -e TIPWIRE_BASE_URL=https://news.example.org tipwire
# README.md lists every TIPWIRE_* override.

FROM golang:1.27.3-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN mkdir -p /out/data && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/tipwire ./cmd/tipwire

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tipwire /usr/local/bin/tipwire
# The volume starts as a copy of this directory, so it must belong to nonroot.
COPY --from=build --chown=65532:65532 /out/data /data
# The shipped config.yaml is built in; mount your own at /etc/tipwire/config.yaml
# and set TIPWIRE_CONFIG to use it. Set TIPWIRE_BASE_URL to the public URL, or
# feeds carry self links and ids under http://127.0.0.1:8080.
ENV TIPWIRE_DB=/data/tipwire.db \
    TIPWIRE_LISTEN=0.0.0.0:8080
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/tipwire", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/tipwire"]
CMD ["run"]

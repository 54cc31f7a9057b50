# syntax=docker/dockerfile:1
# Container images of the shop (docs/decisions/0035-containers-and-compose.md).
#
#   docker build --target product-service -t shop/product-service .
#
# One target per shipped binary: auth-service, category-service, product-service, cart-service,
# order-service, payment-provider-sim, payment-service, notification-service, delivery-service,
# gateway, outbox-relay, shopctl. They share the `build` stage (Debian 12 with the build packages
# of deploy/local/install-deps; the release preset without tests) and the `runtime` stage (Debian 12
# slim with only the shared libraries the binaries load, ca-certificates and curl for the
# healthcheck, a non-root user 10001). tests/deploy_containers checks both package lists against
# the built binaries and install-deps.

ARG DEBIAN_TAG=12-slim

# --- build: the release preset, only the shipped binaries --------------------------------------
FROM debian:${DEBIAN_TAG} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# The build packages of deploy/local/install-deps (toolchain and libraries; not its servers and
# test tools). Versions are those of the Debian 12 release the tag names.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config \
      libboost-dev libboost-system-dev librdkafka-dev libpqxx-dev libpq-dev libsimdjson-dev \
      nlohmann-json3-dev libspdlog-dev libfmt-dev libsodium-dev libjwt-dev libssl-dev \
      libcurl4-openssl-dev libcli11-dev libhiredis-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake --preset release -DSHOP_BUILD_TESTS=OFF \
 && cmake --build --preset release --target shipped \
 && mkdir -p /out \
 && cp build/release/services/auth/auth-service \
       build/release/services/category/category-service \
       build/release/services/product/product-service \
       build/release/services/cart/cart-service \
       build/release/services/order/order-service \
       build/release/services/payment_sim/payment-provider-sim \
       build/release/services/payment/payment-service \
       build/release/services/notification/notification-service \
       build/release/services/delivery/delivery-service \
       build/release/services/gateway/gateway \
       build/release/outbox-relay/outbox-relay \
       build/release/tools/shopctl/shopctl \
       /out/ \
 && strip --strip-debug /out/*

# --- runtime: the shared libraries the binaries load, nothing else ------------------------------
FROM debian:${DEBIAN_TAG} AS runtime
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Each package provides a library the binaries are linked against (ldd); curl runs the
# healthcheck. tests/deploy_containers/check_dockerfile.py fails when one is missing.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates curl \
      libfmt9 libspdlog1.10 libsimdjson14 libpqxx-6.4 libpq5 librdkafka1 libsodium23 libssl3 \
      libcurl4 libhiredis0.14 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 shop \
 && useradd --system --uid 10001 --gid shop --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin shop
# In a container the loopback address is the container itself: listen on every interface.
ENV SHOP_HTTP_ADDRESS=0.0.0.0 \
    SHOP_LOG_LEVEL=info
USER 10001:10001
WORKDIR /tmp

# --- one image per binary ----------------------------------------------------------------------
# Each healthcheck asks /ready on the binary's port (SHOP_HTTP_PORT, else its default); the
# relay's /ready holds while it has a session with every database (a standby without the lock too).
FROM runtime AS auth-service
COPY --from=build /out/auth-service /usr/local/bin/
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${SHOP_HTTP_PORT:-8081}/ready || exit 1"]
ENTRYPOINT ["/usr/local/bin/auth-service"]

FROM runtime AS category-service
COPY --from=build /out/category-service /usr/local/bin/
EXPOSE 8082
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${SHOP_HTTP_PORT:-8082}/ready || exit 1"]
ENTRYPOINT ["/usr/local/bin/category-service"]

FROM runtime AS product-service
COPY --from=build /out/product-service /usr/local/bin/
EXPOSE 8083
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${SHOP_HTTP_PORT:-8083}/ready || exit 1"]
ENTRYPOINT ["/usr/local/bin/product-service"]

FROM runtime AS cart-service
COPY --from=build /out/cart-service /usr/local/bin/
EXPOSE 8084
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${SHOP_HTTP_PORT:-8084}/ready || exit 1"]
ENTRYPOINT ["/usr/local/bin/cart-service"]

FROM runtime AS order-service
COPY --from=build /out/order-service /usr/local/bin/
EXPOSE 8085
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${SHOP_HTTP_PORT:-8085}/ready || exit 1"]
ENTRYPOINT ["/usr/local/bin/order-service"]

FROM runtime AS payment-provider-sim
COPY --from=build /out/payment-provider-sim /usr/local/bin/
EXPOSE 8088
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${SHOP_HTTP_PORT:-8088}/ready || exit 1"]
ENTRYPOINT ["/usr/local/bin/payment-provider-sim"]

FROM runtime AS payment-service
COPY --from=build /out/payment-service /usr/local/bin/
EXPOSE 8087
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${SHOP_HTTP_PORT:-8087}/ready || exit 1"]
ENTRYPOINT ["/usr/local/bin/payment-service"]

FROM runtime AS notification-service
COPY --from=build /out/notification-service /usr/local/bin/
EXPOSE 8090
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${SHOP_HTTP_PORT:-8090}/ready || exit 1"]
ENTRYPOINT ["/usr/local/bin/notification-service"]

FROM runtime AS delivery-service
COPY --from=build /out/delivery-service /usr/local/bin/
EXPOSE 8089
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${SHOP_HTTP_PORT:-8089}/ready || exit 1"]
ENTRYPOINT ["/usr/local/bin/delivery-service"]

FROM runtime AS gateway
COPY --from=build /out/gateway /usr/local/bin/
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${SHOP_HTTP_PORT:-8080}/ready || exit 1"]
ENTRYPOINT ["/usr/local/bin/gateway"]

FROM runtime AS outbox-relay
COPY --from=build /out/outbox-relay /usr/local/bin/
EXPOSE 8086
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${SHOP_HTTP_PORT:-8086}/ready || exit 1"]
ENTRYPOINT ["/usr/local/bin/outbox-relay"]

# The operator's CLI: `docker run --rm shop/shopctl outbox status` with the SHOP_*_DATABASE_URL(_FILE)
# and SHOP_KAFKA_BOOTSTRAP of the deployment.
FROM runtime AS shopctl
COPY --from=build /out/shopctl /usr/local/bin/
ENTRYPOINT ["/usr/local/bin/shopctl"]

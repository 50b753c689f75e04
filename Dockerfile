# Ticker: one image with both runnable jars.
#   docker build -t ticker .
#   docker run --rm -p 8080:8080 ticker                         # ticker-service, embedded simulator
#   docker run --rm -p 9090:9090 --entrypoint java ticker -jar /app/feed-simulator.jar
#   docker run --rm -p 8080:8080 -e TICKER_FEED_URL=ws://<feed-host>:9090/feed ticker
# Every service option is also an environment variable (TICKER_*, see --help); the simulator's are FEED_*.

# ---- build ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Only poms and sources (see .dockerignore); tests are skipped here, CI runs them.
COPY pom.xml ./
COPY ticker-model/pom.xml ticker-model/
COPY feed-simulator/pom.xml feed-simulator/
COPY ticker-service/pom.xml ticker-service/
COPY loadtest/pom.xml loadtest/
COPY ticker-model/src ticker-model/src
COPY feed-simulator/src feed-simulator/src
COPY ticker-service/src ticker-service/src
COPY loadtest/src loadtest/src
RUN mvn -B -DskipTests package

# ---- runtime ----
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 ticker \
 && useradd --system --uid 10001 --gid ticker --home-dir /app --no-create-home --shell /usr/sbin/nologin ticker
WORKDIR /app
COPY --from=build /src/ticker-service/target/ticker-service.jar /src/feed-simulator/target/feed-simulator.jar /app/
# Numeric user so Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
# 8080 HTTP(S)/WebSocket (and metrics/health unless --management-port moves them, e.g. to 9100),
# 5701 Hazelcast, 5710 the event bus when --cluster-bus-port sets it (otherwise a random port on
# TICKER_CLUSTER_HOST), 9090 feed simulator. Cluster ports are pod-to-pod only; see deploy/README.md.
EXPOSE 8080 9100 5701 5710 9090
# Read by the `java` launcher for both jars: heap sized from the container memory limit, die on
# OOM (let the orchestrator restart), and the JDK internals Hazelcast asks for on Java 17.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError \
--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED" \
    TICKER_HTTP_PORT=8080
# Exec form: the JVM is PID 1 and gets SIGTERM directly (clients are closed with 1001).
ENTRYPOINT ["java", "-jar", "/app/ticker-service.jar"]

package dev.idgw.partners;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module is pure functions the gateway calls: no server, client, socket, file or thread of its own, so
 * the stub partner server (and any other test or demo tool) lives in testkit, never here. Production classes only.
 */
@AnalyzeClasses(packages = "dev.idgw.partners", importOptions = ImportOption.DoNotIncludeTests.class)
class StaysPureTest {
    @ArchTest
    static final ArchRule noServersClientsOrFiles = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("com.sun.net.httpserver..", "java.net.http..", "io.vertx..", "io.netty..",
                    "java.nio.file..", "java.nio.channels..")
            .orShould().dependOnClassesThat().belongToAnyOf(java.net.Socket.class, java.net.ServerSocket.class,
                    java.net.HttpURLConnection.class, Thread.class, java.util.concurrent.ExecutorService.class,
                    java.util.concurrent.ScheduledExecutorService.class);
}

package dev.ecslocal.simulator.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timelines drawn from a recorded events file: timelines/payments.jsonl is what `ecs-local run --events` wrote for
 * the payments sample (secrets-init exits at ~2.5 s, envoy HEALTHY at ~10.5 s, app starts after both).
 */
class TimelineTest {
    private static final ObjectMapper LINES = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static List<EventJson> recorded(String name) throws IOException {
        List<EventJson> events = new ArrayList<>();
        try (InputStream in = TimelineTest.class.getResourceAsStream("/timelines/" + name)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    events.add(LINES.readValue(line, EventJson.class));
                }
            }
        }
        return events;
    }

    @Test
    void the_payments_run_has_a_lane_per_container_and_app_waits_for_secrets_init_and_envoy() throws IOException {
        Timeline timeline = Timeline.of(recorded("payments.jsonl"));
        assertThat(timeline.stopCode()).isEqualTo("EssentialContainerExited");
        assertThat(timeline.lanes()).extracting(Timeline.Lane::container)
                .containsExactly("~internal~ecs~pause", "secrets-init", "envoy", "log-router", "app");
        Timeline.Lane app = timeline.lanes().get(4);
        assertThat(app.bars()).extracting(Timeline.Bar::phase).containsExactly(Timeline.Phase.WAITING, Timeline.Phase.STARTING,
                Timeline.Phase.RUNNING);
        assertThat(app.bars().get(0).from()).as("its first wait").isEqualTo(62);
        assertThat(app.released()).isEqualTo(10_517);
        assertThat(app.waited()).isEqualTo(10_517 - 62);
        Timeline.Lane envoy = timeline.lanes().get(2);
        assertThat(envoy.bars()).extracting(Timeline.Bar::phase).containsExactly(Timeline.Phase.WAITING, Timeline.Phase.STARTING,
                Timeline.Phase.RUNNING, Timeline.Phase.HEALTHY, Timeline.Phase.STOPPING);
        assertThat(envoy.exitCode()).isEqualTo(143);
        // Each dependency of app's start, from the moment it was met: secrets-init's exit, envoy's HEALTHY.
        List<Timeline.Arrow> intoApp = timeline.arrows().stream().filter(a -> a.to().equals("app")).toList();
        assertThat(intoApp).extracting(Timeline.Arrow::from, Timeline.Arrow::condition).containsExactly(
                org.assertj.core.groups.Tuple.tuple("secrets-init", "SUCCESS"), org.assertj.core.groups.Tuple.tuple("envoy", "HEALTHY"),
                org.assertj.core.groups.Tuple.tuple("log-router", "START"),
                org.assertj.core.groups.Tuple.tuple("~internal~ecs~pause", "RESOURCES_PROVISIONED"));
        assertThat(intoApp.get(0).metAt()).isEqualTo(timeline.lanes().get(1).stopped());
        assertThat(intoApp.get(1).metAt()).isEqualTo(envoy.healthy());
        assertThat(intoApp).allSatisfy(arrow -> assertThat(arrow.metAt()).isLessThanOrEqualTo(arrow.releasedAt()));
    }

    @Test
    void the_text_timeline_is_one_row_per_container() throws IOException {
        assertThat(TimelineText.render(Timeline.of(recorded("payments.jsonl")))).isEqualTo("""
                CONTAINER            PULLED  CREATED  STARTED  HEALTHY  STOPPING  STOPPED  EXIT  WAITED
                ~internal~ecs~pause  0.06    0.15     0.35     -        15.66     15.68    0     -
                secrets-init         0.36    0.37     0.45     -        -         2.46     0     0.29s for ~internal~ecs~pause RESOURCES_PROVISIONED
                envoy                0.36    0.37     0.44     10.52    15.63     15.66    143   0.29s for ~internal~ecs~pause RESOURCES_PROVISIONED
                log-router           0.36    0.37     0.43     -        15.63     15.66    0     0.29s for ~internal~ecs~pause RESOURCES_PROVISIONED
                app                  10.52   10.53    10.60    -        -         15.62    0     10.46s for secrets-init SUCCESS, envoy HEALTHY, \
                log-router START, ~internal~ecs~pause RESOURCES_PROVISIONED
                """);
    }

    @Test
    void the_html_page_draws_lanes_bars_arrows_and_exits_in_well_formed_svg() throws Exception {
        Timeline timeline = Timeline.of(recorded("payments.jsonl"));
        String html = TimelineHtml.render(timeline, "payments:1");
        assertThat(html).as("self-contained: nothing to fetch, nothing to run").doesNotContain("<script", "src=", "href=", "url(http")
                .contains("<title>payments:1: EssentialContainerExited (Essential container in task exited)</title>");
        String svgText = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + "</svg>".length());
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svgText.getBytes(StandardCharsets.UTF_8)));

        List<Element> lanes = elements(svg, "g", "lane");
        assertThat(lanes).extracting(lane -> lane.getAttribute("data-container"))
                .containsExactly("~internal~ecs~pause", "secrets-init", "envoy", "log-router", "app");
        Element app = lanes.get(4);
        assertThat(elements(app, "rect", "bar")).extracting(bar -> bar.getAttribute("data-phase"))
                .containsExactly("WAITING", "STARTING", "RUNNING");
        Element waiting = elements(app, "rect", "bar").get(0);
        assertThat(Double.parseDouble(waiting.getAttribute("width"))).as("app waits ~10 s of a ~16 s run")
                .isBetween(0.6 * 900, 0.7 * 900);
        assertThat(waiting.getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("app: waiting for dependencies, 0.06s to 10.52s (10.46s)");
        assertThat(elements(lanes.get(2), "rect", "bar")).extracting(bar -> bar.getAttribute("data-phase")).contains("HEALTHY");

        List<Element> arrows = elements(svg, "path", "arrow");
        assertThat(arrows).hasSize(timeline.arrows().size()).hasSize(7);
        assertThat(arrows).filteredOn(a -> a.getAttribute("data-to").equals("app"))
                .extracting(a -> a.getAttribute("data-from") + " " + a.getAttribute("data-condition"))
                .containsExactly("secrets-init SUCCESS", "envoy HEALTHY", "log-router START", "~internal~ecs~pause RESOURCES_PROVISIONED");
        assertThat(arrows).allSatisfy(a -> assertThat(a.getAttribute("marker-end")).isEqualTo("url(#head)"));

        assertThat(elements(svg, "g", "exit")).extracting(exit -> exit.getAttribute("data-exit-code"))
                .containsExactly("0", "0", "143", "0", "0");
    }

    @Test
    void an_injected_fault_is_marked_in_the_table_and_on_its_lane() throws Exception {
        // Recorded with --kill envoy@healthy+2s: envoy exits 137, the task stops, app is stopped by ecs-local.
        Timeline timeline = Timeline.of(recorded("payments-kill-envoy.jsonl"));
        Timeline.Lane envoy = timeline.lanes().stream().filter(l -> l.container().equals("envoy")).findFirst().orElseThrow();
        assertThat(envoy.injections()).singleElement().satisfies(i -> {
            assertThat(i.fault()).isEqualTo("kill with SIGKILL at HEALTHY+2s");
            assertThat(i.at()).isBetween(envoy.healthy() + 2000, envoy.stopped());
        });
        assertThat(envoy.exitCode()).isEqualTo(137);
        assertThat(TimelineText.render(timeline)).endsWith("injected at " + TimelineText.seconds(envoy.injections().get(0).at())
                + ": envoy kill with SIGKILL at HEALTHY+2s\n");
        String html = TimelineHtml.render(timeline, "kill");
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6).getBytes(StandardCharsets.UTF_8)));
        Element envoyLane = elements(svg, "g", "lane").stream().filter(l -> l.getAttribute("data-container").equals("envoy"))
                .findFirst().orElseThrow();
        assertThat(elements(envoyLane, "g", "injected")).singleElement().satisfies(marker -> assertThat(
                marker.getElementsByTagName("title").item(0).getTextContent()).contains("envoy kill with SIGKILL"));
        assertThat(elements(svg, "g", "injected")).hasSize(1);
    }

    /** Elements of that tag whose class list has {@code className}. */
    private static List<Element> elements(Object parent, String tag, String className) {
        NodeList nodes = parent instanceof Document document ? document.getElementsByTagName(tag)
                : ((Element) parent).getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            if (List.of(element.getAttribute("class").split(" ")).contains(className)) {
                found.add(element);
            }
        }
        return found;
    }
}

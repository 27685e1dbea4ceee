package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkRewriterTest {

  private final List<String> signed = new ArrayList<>();

  private String rewrite(String html) {
    return LinkRewriter.rewriteLinks(
        html,
        url -> {
          signed.add(url);
          return "https://t.example/t/c/" + signed.size();
        });
  }

  @Test
  void rewritesEveryHttpLinkWhateverItsQuoting() {
    String html =
        "<a href=\"https://a.example/x\">1</a> <A HREF='http://b.example/y'>2</A>"
            + " <a class=\"btn\" href=https://c.example/z>3</a>"
            + " <a\nhref = \"https://d.example/\">4</a>";

    String out = rewrite(html);

    assertThat(signed)
        .containsExactly(
            "https://a.example/x",
            "http://b.example/y",
            "https://c.example/z",
            "https://d.example/");
    assertThat(out)
        .contains(
            "href=\"https://t.example/t/c/1\"",
            "HREF=\"https://t.example/t/c/2\"",
            "href=\"https://t.example/t/c/3\"",
            "href = \"https://t.example/t/c/4\"");
    assertThat(out).doesNotContain("a.example", "b.example", "c.example", "d.example");
  }

  @Test
  void signsTheDecodedUrlSoQueryStringsSurvive() {
    rewrite("<a href=\"https://shop.example/p?a=1&amp;b=%C3%A9&#38;c=x&#61;y#frag\">x</a>");

    assertThat(signed).containsExactly("https://shop.example/p?a=1&b=%C3%A9&c=x=y#frag");
  }

  @Test
  void leavesNonHttpLinksAlone() {
    String html =
        "<a href=\"mailto:help@example.com\">m</a><a href=\"tel:+861234\">t</a>"
            + "<a href=\"#top\">a</a><a href=\"/relative\">r</a><a href=\"javascript:void(0)\">j</a>";

    assertThat(rewrite(html)).isEqualTo(html);
    assertThat(signed).isEmpty();
  }

  @Test
  void doesNotTouchOtherAttributesOrText() {
    String html =
        "<img src=\"https://cdn.example/i.png\"><p>see https://x.example/ and data-href=\"q\"</p>";

    assertThat(rewrite(html)).isEqualTo(html);
  }

  @Test
  void addsPixelBeforeTheLastBodyEnd() {
    assertThat(
            LinkRewriter.addPixel("<html><body><p>x</p></BODY></html>", "https://t.example/t/o/1"))
        .isEqualTo(
            "<html><body><p>x</p><img src=\"https://t.example/t/o/1\" width=\"1\" height=\"1\""
                + " alt=\"\"></BODY></html>");
    assertThat(LinkRewriter.addPixel("<p>x</p>", "https://t/o")).endsWith("alt=\"\">");
  }
}

package dev.ecslocal.simulator.parse;

import dev.ecslocal.simulator.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What Jackson says of a file, said in JSON's and ECS's words: the messages the mutation suite first caught. */
class JsonSyntaxTest {
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @Test
    void an_empty_string_where_an_enum_goes_names_the_values_ECS_takes() {
        assertThat(Fixtures.problems(json("{'family':'t','networkMode':'','containerDefinitions':[{'name':'a','image':'i','memory':64}]}")))
                .containsExactly("ERROR networkMode: cannot read this value: an empty string where ECS wants one of bridge, "
                        + "host, awsvpc, none, default");
    }

    @Test
    void an_empty_string_where_an_object_or_an_array_goes_says_so() {
        assertThat(Fixtures.problems(json("{'family':'t','containerDefinitions':[{'name':'a','image':'i','memory':64,"
                + "'linuxParameters':''}]}")))
                .containsExactly("ERROR containerDefinitions[0].linuxParameters: cannot read this value: an empty string "
                        + "where ECS wants an object");
        assertThat(Fixtures.problems(json("{'family':'t','containerDefinitions':[{'name':'a','image':'i','memory':64,"
                + "'command':''}]}")))
                .containsExactly("ERROR containerDefinitions[0].command: cannot read this value: an empty string "
                        + "where ECS wants an array");
    }

    @Test
    void a_trailing_comma_is_named_as_one() {
        assertThat(Fixtures.problems("{\"family\": \"t\",\n}"))
                .containsExactly("ERROR : not valid JSON: a comma before '}': JSON allows no comma after the last field, remove it");
        assertThat(Fixtures.problems("[{\"name\": \"a\"},\n]"))
                .containsExactly("ERROR : not valid JSON: unexpected ']': expected a value (a string, a number, an array, "
                        + "an object, true, false or null) (JSON allows no comma after the last element: remove it)");
    }

    @Test
    void a_cut_short_literal_lists_what_may_start_a_value_in_JSON_words() {
        assertThat(Fixtures.problems("{\"family\": t"))
                .singleElement().asString().contains("expected a value (a string, a number, an array, an object, true, false or null)")
                .doesNotContain("'null'", "JSON String");
    }

    @Test
    void a_file_cut_short_names_what_is_left_open_and_where_it_opened() {
        assertThat(Fixtures.problems("{\"family\": \"t\",\n  \"containerDefinitions\": [\n    {\"name\": \"a\"}"))
                .containsExactly("ERROR : not valid JSON: the file ends too early: the array [ opened at line 2, column 27 is "
                        + "never closed");
        assertThat(Fixtures.problems("{\"family\": \"t")).singleElement().asString()
                .endsWith("the file ends too early, inside a string: a closing quote is missing");
    }

    @Test
    void two_documents_control_characters_and_numbers_too_large_are_said_in_JSON_words() {
        String task = "{\"family\":\"t\",\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"i\",\"memory\":64}]}";
        assertThat(Fixtures.problems(task + task)).containsExactly(
                "ERROR : not valid JSON: more JSON after the end of the task definition: a file holds one JSON document");
        assertThat(Fixtures.problems("{\"family\": \"t\u0001\"}")).containsExactly(
                "ERROR : not valid JSON: a control character (code 1) inside a string: remove it, or write it escaped (\\u0001)");
        assertThat(Fixtures.problems("{\u0000}")).containsExactly(
                "ERROR : not valid JSON: a control character (code 0) where only spaces, tabs and line breaks may go: remove it");
        assertThat(Fixtures.problems(task.replace("64", "123456789012"))).containsExactly(
                "ERROR containerDefinitions[0].memory: cannot read this value: the number 123456789012 is too large: ECS wants "
                        + "a whole number from -2147483648 to 2147483647");
    }
}

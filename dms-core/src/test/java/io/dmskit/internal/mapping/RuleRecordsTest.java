package io.dmskit.internal.mapping;

import io.dmskit.TableMapping.RuleTarget;
import io.dmskit.schema.TableId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule records as a table-mapping JSON parser builds them: AWS ids and names, explicit selection. */
class RuleRecordsTest {

    @Test
    void labelCarriesTheAwsRuleName() {
        SelectionRule named = new SelectionRule(542485267, "select-shop", SelectionAction.INCLUDE, "shop", "%");
        SelectionRule numbered = new SelectionRule(7, "7", SelectionAction.INCLUDE, "shop", "%");
        assertThat(named.label()).isEqualTo("rule 542485267 'select-shop' (include shop.%)");
        assertThat(numbered.label()).isEqualTo("rule 7 (include shop.%)");
    }

    @Test
    void explicitSelectsExactlyOneTableWithoutWildcards() {
        RuleEngine engine = new RuleEngine(List.of(
                new SelectionRule(1, null, SelectionAction.EXPLICIT, "shop", "tmp_orders")));
        assertThat(engine.selects(TableId.of("shop", "tmp_orders"))).isTrue();
        assertThat(engine.selects(TableId.of("shop", "tmpXorders"))).isFalse();
    }

    @Test
    void actionsHaveTheirAwsNames() {
        assertThat(RuleAction.fromAwsName("convert-lowercase")).contains(RuleAction.CONVERT_LOWERCASE);
        assertThat(RuleAction.fromAwsName("remove-column")).contains(RuleAction.REMOVE_COLUMN);
        assertThat(RuleAction.fromAwsName("add-column")).contains(RuleAction.ADD_COLUMN);
        assertThat(RuleAction.fromAwsName("rename-column")).isEmpty();
        assertThat(SelectionAction.EXPLICIT.awsName()).isEqualTo("explicit");
    }

    @Test
    void validatorRejectsDisallowedTargetsDuplicateIdsAndMissingActions() {
        List<Rule> rules = List.of(
                new SelectionRule(1, null, SelectionAction.INCLUDE, "shop", "%"),
                new TransformationRule(2, null, RuleTarget.TABLE, RuleAction.REMOVE_COLUMN, "shop", "%", null, null, null),
                new TransformationRule(2, null, RuleTarget.TABLE, null, "shop", "%", null, null, null),
                new SelectionRule(3, null, null, "shop", "%"),
                new SelectionRule(4, null, SelectionAction.EXPLICIT, "shop", " "));
        assertThat(RuleValidator.problems(rules)).containsExactly(
                "rule id 2 is used by 2 rules; rule ids must be unique",
                "rule 2 (remove-column): rule target table is not allowed for remove-column; allowed: column",
                "rule 2 (transformation): rule action is missing; allowed: rename, remove-column, convert-lowercase,"
                        + " convert-uppercase, add-prefix, remove-prefix, replace-prefix, add-suffix, remove-suffix,"
                        + " replace-suffix, add-column, include-column, change-data-type, define-primary-key,"
                        + " add-before-image-columns, data-masking-digits-mask, data-masking-digits-randomize,"
                        + " data-masking-hash-mask",
                "rule 3 (selection): rule action is missing; allowed: include, exclude, explicit",
                "rule 4 (explicit): table name is blank; an explicit rule names one table exactly, without wildcards");
    }

    @Test
    void recordsWithEqualContentAreEqual() {
        TransformationRule a = new TransformationRule(1, null, RuleTarget.SCHEMA, RuleAction.RENAME, "s", null, null, "t", null);
        TransformationRule b = new TransformationRule(1, null, RuleTarget.SCHEMA, RuleAction.RENAME, "s", null, null, "t", null);
        assertThat(a).isEqualTo(b);
        assertThat(a.describe()).isEqualTo("rename-schema s -> t");
    }

    @Test
    void editDistance() {
        assertThat(EditDistance.between("orderz", "orders")).isEqualTo(1);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
    }
}

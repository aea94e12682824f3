package io.dmskit.schema.sql;

import io.dmskit.schema.ConversionNote;
import io.dmskit.schema.Routine;
import io.dmskit.schema.SqlTranslator;
import io.dmskit.schema.Trigger;
import io.dmskit.schema.View;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link SqlTranslator#standard()}: the {@link ParsingSqlTranslator}, and, only for an object whose
 * SQL the parser cannot read, the {@link SqlTranslator#basic()} translator (which re-creates the
 * object unchanged on the same engine and re-quotes a simple view across engines). An object that
 * the parser reads but cannot translate stays an action item: the basic translator would not do
 * better. The note of an object that the fallback translated says so. Stateless and thread-safe.
 */
final class FallbackTranslator implements SqlTranslator {

    static final FallbackTranslator INSTANCE = new FallbackTranslator(ParsingSqlTranslator.create(), SqlTranslator.basic());

    private final SqlTranslator parser;
    private final SqlTranslator fallback;

    FallbackTranslator(SqlTranslator parser, SqlTranslator fallback) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public Translation view(View view, Context context) {
        return choose(parser.view(view, context), () -> fallback.view(view, context));
    }

    @Override
    public Translation trigger(Trigger trigger, Context context) {
        return choose(parser.trigger(trigger, context), () -> fallback.trigger(trigger, context));
    }

    @Override
    public Translation routine(Routine routine, Context context) {
        return choose(parser.routine(routine, context), () -> fallback.routine(routine, context));
    }

    private static Translation choose(Translation parsed, Supplier<Translation> other) {
        if (parsed.outcome() != ConversionNote.Outcome.MANUAL || !parsed.message().startsWith(Translator.UNREADABLE)) {
            return parsed;
        }
        Translation basic;
        try {
            basic = other.get();
        } catch (RuntimeException e) {
            return parsed;
        }
        if (basic.outcome() == ConversionNote.Outcome.MANUAL || basic.statements().isEmpty()) {
            return parsed;
        }
        // the basic translator only re-quotes; what it produced was not checked by a parser: always a warning
        return Translation.warning(basic.statements(), parsed.message().replace(": translate it by hand", "")
                + "; created by the basic translator instead (" + basic.message() + "): check it");
    }
}

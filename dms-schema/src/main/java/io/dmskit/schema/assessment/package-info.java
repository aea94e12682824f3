/**
 * The assessment report of a schema conversion: {@link io.dmskit.schema.assessment.AssessmentReport},
 * built from the converter's notes, written as JSON for programs and as one self-contained HTML
 * page for people.
 */
package io.dmskit.schema.assessment;

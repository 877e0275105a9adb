import { Migration } from '@mikro-orm/migrations';

/**
 * Invariants in the database (issue 11, point 5): a cancelled certificate has its date and reason
 * and an active one has neither, cancellation not before issue, dates between 1949-10-01 and
 * 2100-12-31, amounts and counts not negative, a leniency amount exactly when leniency applies.
 * Declared on the entities with @Check (src/common/invariants.ts); import validation refuses the
 * same rows up front. Adding a constraint checks the existing rows: a database holding a row that
 * breaks one must be corrected before this migration can run.
 */
export class Migration20261129083000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "enforcement_officer" add constraint "enforcement_officer_cancelled_has_date" check (status <> 'CANCELLED' OR cancelled_on IS NOT NULL AND cancellation_reason IS NOT NULL);`);
    this.addSql(`alter table "enforcement_officer" add constraint "enforcement_officer_active_not_cancelled" check (status <> 'ACTIVE' OR cancelled_on IS NULL AND cancellation_reason IS NULL);`);
    this.addSql(`alter table "enforcement_officer" add constraint "enforcement_officer_cancelled_after_issued" check (cancelled_on >= issued_on);`);
    this.addSql(`alter table "enforcement_officer" add constraint "enforcement_officer_issued_on_plausible" check (issued_on >= '1949-10-01'::date AND issued_on <= '2100-12-31'::date);`);
    this.addSql(`alter table "enforcement_officer" add constraint "enforcement_officer_cancelled_on_plausible" check (cancelled_on >= '1949-10-01'::date AND cancelled_on <= '2100-12-31'::date);`);
    this.addSql(`alter table "enforcement_case" add constraint "enforcement_case_decided_on_plausible" check (decided_on >= '1949-10-01'::date AND decided_on <= '2100-12-31'::date);`);
    this.addSql(`alter table "enforcement_case" add constraint "enforcement_case_fine_amount_non_negative" check (fine_amount_fen >= 0);`);
    this.addSql(`alter table "enforcement_case" add constraint "enforcement_case_leniency_amount_non_negative" check (leniency_amount_fen >= 0);`);
    this.addSql(`alter table "enforcement_case" add constraint "enforcement_case_leniency_amount_when_lenient" check ((leniency = 'NONE') = (leniency_amount_fen IS NULL));`);
    this.addSql(`alter table "legality_review" add constraint "legality_review_reviewed_on_plausible" check (reviewed_on >= '1949-10-01'::date AND reviewed_on <= '2100-12-31'::date);`);
    this.addSql(`alter table "case_file_review" add constraint "case_file_review_held_on_plausible" check (held_on >= '1949-10-01'::date AND held_on <= '2100-12-31'::date);`);
    this.addSql(`alter table "case_file_review_item" add constraint "case_file_review_item_problems_found_non_negative" check (problems_found >= 0);`);
    this.addSql(`alter table "supervision_inspection" add constraint "supervision_inspection_inspected_on_plausible" check (inspected_on >= '1949-10-01'::date AND inspected_on <= '2100-12-31'::date);`);
    this.addSql(`alter table "training" add constraint "training_held_on_plausible" check (held_on >= '1949-10-01'::date AND held_on <= '2100-12-31'::date);`);
    this.addSql(`alter table "training" add constraint "training_participants_non_negative" check (participants >= 0);`);
    this.addSql(`alter table "task_force_meeting" add constraint "task_force_meeting_held_on_plausible" check (held_on >= '1949-10-01'::date AND held_on <= '2100-12-31'::date);`);
    this.addSql(`alter table "litigation_case" add constraint "litigation_case_heard_on_plausible" check (heard_on >= '1949-10-01'::date AND heard_on <= '2100-12-31'::date);`);
    this.addSql(`alter table "report" add constraint "report_year_plausible" check (year >= 1949 AND year <= 2100);`);
    this.addSql(`alter table "report" add constraint "report_published_on_plausible" check (published_on >= '1949-10-01'::date AND published_on <= '2100-12-31'::date);`);
    this.addSql(`alter table "report" add constraint "report_published_after_year_began" check (published_on >= make_date(year, 1, 1));`);
    this.addSql(`alter table "figure" add constraint "figure_value_non_negative" check (value >= 0);`);
    this.addSql(`alter table "county" add constraint "county_population_non_negative" check (population >= 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "county" drop constraint if exists "county_population_non_negative";`);
    this.addSql(`alter table "figure" drop constraint if exists "figure_value_non_negative";`);
    this.addSql(`alter table "report" drop constraint if exists "report_published_after_year_began";`);
    this.addSql(`alter table "report" drop constraint if exists "report_published_on_plausible";`);
    this.addSql(`alter table "report" drop constraint if exists "report_year_plausible";`);
    this.addSql(`alter table "litigation_case" drop constraint if exists "litigation_case_heard_on_plausible";`);
    this.addSql(`alter table "task_force_meeting" drop constraint if exists "task_force_meeting_held_on_plausible";`);
    this.addSql(`alter table "training" drop constraint if exists "training_participants_non_negative";`);
    this.addSql(`alter table "training" drop constraint if exists "training_held_on_plausible";`);
    this.addSql(`alter table "supervision_inspection" drop constraint if exists "supervision_inspection_inspected_on_plausible";`);
    this.addSql(`alter table "case_file_review_item" drop constraint if exists "case_file_review_item_problems_found_non_negative";`);
    this.addSql(`alter table "case_file_review" drop constraint if exists "case_file_review_held_on_plausible";`);
    this.addSql(`alter table "legality_review" drop constraint if exists "legality_review_reviewed_on_plausible";`);
    this.addSql(`alter table "enforcement_case" drop constraint if exists "enforcement_case_leniency_amount_when_lenient";`);
    this.addSql(`alter table "enforcement_case" drop constraint if exists "enforcement_case_leniency_amount_non_negative";`);
    this.addSql(`alter table "enforcement_case" drop constraint if exists "enforcement_case_fine_amount_non_negative";`);
    this.addSql(`alter table "enforcement_case" drop constraint if exists "enforcement_case_decided_on_plausible";`);
    this.addSql(`alter table "enforcement_officer" drop constraint if exists "enforcement_officer_cancelled_on_plausible";`);
    this.addSql(`alter table "enforcement_officer" drop constraint if exists "enforcement_officer_issued_on_plausible";`);
    this.addSql(`alter table "enforcement_officer" drop constraint if exists "enforcement_officer_cancelled_after_issued";`);
    this.addSql(`alter table "enforcement_officer" drop constraint if exists "enforcement_officer_active_not_cancelled";`);
    this.addSql(`alter table "enforcement_officer" drop constraint if exists "enforcement_officer_cancelled_has_date";`);
  }

}

-- Case data (办件数据, R-6.2.d): one row per (party, case number), the
-- earlier records of a case in case_history. Personal data is stored masked
-- in `record`; the applicant's identity number also encrypted.
create table cases (
    id uuid primary key not null,
    party_id uuid not null references access_parties(id),
    case_no text not null,
    item_code text not null,
    item_name text not null,
    applicant_type text not null,
    applicant_name text not null,
    applicant_id_enc text,
    department text not null,
    implementer_uscc text not null,
    division_code text not null,
    status text not null,
    status_rank bigint not null,
    submitted_at timestamptz not null,
    promised_at timestamptz,
    completed_at timestamptz,
    record text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (party_id, case_no)
);
-- the search filters, each with the page order (newest first)
create index cases_submitted on cases(submitted_at, id);
create index cases_status on cases(status, submitted_at);
create index cases_item on cases(item_code, submitted_at);
create index cases_division on cases(division_code, submitted_at);
create index cases_case_no on cases(case_no);

create table case_history (
    id uuid primary key not null,
    case_id uuid not null references cases(id),
    status text not null,
    record text not null,
    replaced_at timestamptz not null
);
create index case_history_case on case_history(case_id, replaced_at);

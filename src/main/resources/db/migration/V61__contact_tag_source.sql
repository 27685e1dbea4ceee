-- Tags (feature scoring, through the contact feature's ContactFacts): where a tag came from
-- (rule and version, journey step, API) and the tag-rule pass's cursor.
alter table contact_tag add column source varchar(200);

create table tag_pass (
  name           varchar(40) primary key,
  after_contact  varchar(100),
  started_at     timestamp with time zone,
  updated_at     timestamp with time zone not null
);

-- the features tag rules last saw per contact (counts per window, RFM, predicted-tag scores)
create table contact_features (
  contact_id         varchar(100) primary key,
  features           varchar(4000) not null,
  aov                double precision,
  churn_probability  double precision,
  updated_at         timestamp with time zone not null
);
create index contact_features_aov_idx on contact_features (aov);

-- The validated rows of a processed file (CSV schema sku,name,quantity,price).
CREATE TABLE file_rows (
  file_id     bigint        NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  line_number integer       NOT NULL CHECK (line_number > 1),
  sku         text          NOT NULL,
  name        text          NOT NULL,
  quantity    integer       NOT NULL CHECK (quantity >= 0),
  price       numeric(12,2) NOT NULL CHECK (price >= 0),
  PRIMARY KEY (file_id, line_number),
  CONSTRAINT file_rows_sku_unique UNIQUE (file_id, sku)
);

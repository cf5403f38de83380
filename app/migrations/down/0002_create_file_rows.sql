-- Undoes 0002_create_file_rows.sql: drops the rows of every processed file.
DROP TABLE file_rows;

-- Undoes 0001_create_files.sql: drops the files table and every recorded file.
DROP TABLE files;

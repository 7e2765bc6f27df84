#pragma once
// The RTL tables of the hub store (IF NOT EXISTS: run by sqlite_store::open and sqlite_rtl_store::open).
// Private to the store. Thread-safety: constant data.
namespace pantau::hub::store_detail {

extern const char* const rtl_schema_sql;

}  // namespace pantau::hub::store_detail

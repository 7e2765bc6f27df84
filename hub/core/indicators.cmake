# Indicator engine of the hub (pure functions, std + shared headers only). Paths relative to hub/core;
# the hub_core library adds them to its sources.
set(PANTAU_HUB_INDICATOR_SOURCES
  src/indicators/time_zone.cpp
  src/indicators/schedule.cpp
  src/indicators/leave.cpp
  src/indicators/attendance.cpp
  src/indicators/satisfaction.cpp
  src/indicators/service.cpp
  src/indicators/kpi.cpp
  src/indicators/alerts.cpp
  src/indicators/appraisal.cpp
  src/indicators/absence_discipline.cpp
)

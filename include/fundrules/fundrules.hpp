#pragma once

/// Everything a host program needs: include this one header.
#include "fundrules/csv.hpp"
#include "fundrules/date.hpp"
#include "fundrules/decimal.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/error.hpp"
#include "fundrules/forms.hpp"
#include "fundrules/lint.hpp"
#include "fundrules/record_checker.hpp"
#include "fundrules/report.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/schema.hpp"
#include "fundrules/table.hpp"
#include "fundrules/testing.hpp"
#include "fundrules/value.hpp"
#include "fundrules/version.hpp"
